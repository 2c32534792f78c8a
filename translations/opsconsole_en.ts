<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ops::BacklogChart</name>
    <message numerus="yes">
        <source>%1 (%2 UTC)
%n pending transaction(s)</source>
        <translation>
            <numerusform>%1 (%2 UTC)
%n pending transaction</numerusform>
            <numerusform>%1 (%2 UTC)
%n pending transactions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>alarm threshold (%n min)</source>
        <translation>
            <numerusform>alarm threshold (%n min)</numerusform>
            <numerusform>alarm threshold (%n min)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::FolderRegistration</name>
    <message numerus="yes">
        <source>Reading %1: %2 of %Ln file(s), %3 of %4</source>
        <translation>
            <numerusform>Reading %1: %2 of %Ln file, %3 of %4</numerusform>
            <numerusform>Reading %1: %2 of %Ln files, %3 of %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Register %n file(s) to obs unit %1</source>
        <translation>
            <numerusform>Register %n file to obs unit %1</numerusform>
            <numerusform>Register %n files to obs unit %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::HealthPanel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s), the oldest %1 old</source>
        <translation>
            <numerusform>%n transaction, %1 old</numerusform>
            <numerusform>%n transactions, the oldest %1 old</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s): see above to retry or discard</source>
        <translation>
            <numerusform>%n transaction: see above to retry or discard</numerusform>
            <numerusform>%n transactions: see above to retry or discard</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n transaction</numerusform>
            <numerusform>%n transactions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::LinkStatus</name>
    <message numerus="yes">
        <source>%n transaction(s) refused by the central database: see the Sync view</source>
        <translation>
            <numerusform>%n transaction refused by the central database: see the Sync view</numerusform>
            <numerusform>%n transactions refused by the central database: see the Sync view</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting for the central database, the oldest for %1</source>
        <translation>
            <numerusform>%n change waiting for the central database, the oldest for %1</numerusform>
            <numerusform>%n changes waiting for the central database, the oldest for %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dead letter(s)</source>
        <translation>
            <numerusform>%n dead letter</numerusform>
            <numerusform>%n dead letters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Backlog alarm after %n minute(s) (Settings)</source>
        <translation>
            <numerusform>Backlog alarm after %n minute (Settings)</numerusform>
            <numerusform>Backlog alarm after %n minutes (Settings)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::MainWindow</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finish the observation of obs unit %1 (started %2, %n file(s)) as:</source>
        <translation>
            <numerusform>Finish the observation of obs unit %1 (started %2, %n file) as:</numerusform>
            <numerusform>Finish the observation of obs unit %1 (started %2, %n files) as:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Package %n file(s) (%1 of at most %2), module %3:
%4

Package name:</source>
        <translation>
            <numerusform>Package %n file (%1 of at most %2), module %3:
%4

Package name:</numerusform>
            <numerusform>Package %n files (%1 of at most %2), module %3:
%4

Package name:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finalize %n package(s): %1 (%2, %3)?

No files can be added to them afterwards; they become ready for transfer and staging.</source>
        <translation>
            <numerusform>Finalize %n package: %1 (%2, %3)?

No files can be added to them afterwards; they become ready for transfer and staging.</numerusform>
            <numerusform>Finalize %n packages: %1 (%2, %3)?

No files can be added to them afterwards; they become ready for transfer and staging.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stage %n package(s): %1 (%2, %3)

to (processing location):</source>
        <translation>
            <numerusform>Stage %n package: %1 (%2, %3)

to (processing location):</numerusform>
            <numerusform>Stage %n packages: %1 (%2, %3)

to (processing location):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel the staging of %n package(s) (%1; %2, %3) to %4?

The data-transfer system will stop working on it; this is recorded in the audit under your name (%5).</source>
        <translation>
            <numerusform>Cancel the staging of %n package (%1; %2, %3) to %4?

The data-transfer system will stop working on it; this is recorded in the audit under your name (%5).</numerusform>
            <numerusform>Cancel the staging of %n packages (%1; %2, %3) to %4?

The data-transfer system will stop working on it; this is recorded in the audit under your name (%5).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> and %n more</numerusform>
            <numerusform> and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln file</numerusform>
            <numerusform>%Ln files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::NightLogPage</name>
    <message numerus="yes">
        <source>%n observation(s)</source>
        <translation>
            <numerusform>%n observation</numerusform>
            <numerusform>%n observations</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::NightTimelineWidget</name>
    <message numerus="yes">
        <source>Obs unit %1 — %2
%3 to %4
%Ln file(s), %5
%6</source>
        <translation>
            <numerusform>Obs unit %1 — %2
%3 to %4
%Ln file, %5
%6</numerusform>
            <numerusform>Obs unit %1 — %2
%3 to %4
%Ln files, %5
%6</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::RecordDetail</name>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::RecordView</name>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::StatusWatcher</name>
    <message numerus="yes">
        <source>%n pending, oldest %1</source>
        <translation>
            <numerusform>%n pending, oldest %1</numerusform>
            <numerusform>%n pending, oldest %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::summarytext</name>
    <message numerus="yes">
        <source>Register %n files for observation %1</source>
        <translation>
            <numerusform>Register %n file for observation %1</numerusform>
            <numerusform>Register %n files for observation %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Create package %1 with %n files</source>
        <translation>
            <numerusform>Create package %1 with %n file</numerusform>
            <numerusform>Create package %1 with %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stage %n packages to %1</source>
        <translation>
            <numerusform>Stage %n package to %1</numerusform>
            <numerusform>Stage %n packages to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completed</source>
        <translation>
            <numerusform>%n completed</numerusform>
            <numerusform>%n completed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n aborted</source>
        <translation>
            <numerusform>%n aborted</numerusform>
            <numerusform>%n aborted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n observation(s)</source>
        <translation>
            <numerusform>%n observation</numerusform>
            <numerusform>%n observations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln file(s), %2</source>
        <translation>
            <numerusform>%1: %Ln file, %2</numerusform>
            <numerusform>%1: %Ln files, %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln synced</source>
        <translation>
            <numerusform>%Ln synced</numerusform>
            <numerusform>%Ln synced</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still buffered</source>
        <translation>
            <numerusform>%Ln still buffered</numerusform>
            <numerusform>%Ln still buffered</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln buffered</source>
        <translation>
            <numerusform>%Ln buffered</numerusform>
            <numerusform>%Ln buffered</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused</source>
        <translation>
            <numerusform>%Ln refused</numerusform>
            <numerusform>%Ln refused</numerusform>
        </translation>
    </message>
</context>
</TS>
