<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Obs unit</source>
        <translation>Beob.-Einheit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>Prüfsumme</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>Night log %1</source>
        <translation>Nachtprotokoll %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Night log — %1, night of %2 (noon to noon, %3)</source>
        <translation>Nachtprotokoll — %1, Nacht vom %2 (Mittag bis Mittag, %3)</translation>
    </message>
    <message>
        <source>Observations: %1, observing time %2 h %3 min</source>
        <translation>Beobachtungen: %1, Beobachtungszeit %2 h %3 min</translation>
    </message>
    <message>
        <source>By status: %1</source>
        <translation>Nach Status: %1</translation>
    </message>
    <message>
        <source>Obs unit</source>
        <translation>Beob.-Einheit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>ops::BacklogChart</name>
    <message>
        <source>pending transactions</source>
        <translation>offene Transaktionen</translation>
    </message>
    <message>
        <source>oldest pending (minutes)</source>
        <translation>älteste offene (Minuten)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2 UTC)
%n pending transaction(s)</source>
        <translation>
            <numerusform>%1 (%2 UTC)
%n offene Transaktion</numerusform>
            <numerusform>%1 (%2 UTC)
%n offene Transaktionen</numerusform>
        </translation>
    </message>
    <message>
        <source>oldest pending: %1 min</source>
        <translation>älteste offene: %1 min</translation>
    </message>
    <message>
        <source>Backlog, last 24 hours (%1)</source>
        <translation>Rückstau, letzte 24 Stunden (%1)</translation>
    </message>
    <message numerus="yes">
        <source>alarm threshold (%n min)</source>
        <translation>
            <numerusform>Alarmschwelle (%n min)</numerusform>
            <numerusform>Alarmschwelle (%n min)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::EventLogModel</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>%1 (%2 UTC)</source>
        <translation>%1 (%2 UTC)</translation>
    </message>
</context>
<context>
    <name>ops::FolderRegistration</name>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>A folder is still being read for registration. Cancel the reading (nothing of it is registered) and quit?</source>
        <translation>Ein Ordner wird noch für die Registrierung gelesen. Lesen abbrechen (nichts davon wird registriert) und beenden?</translation>
    </message>
    <message>
        <source>Cancel reading and quit</source>
        <translation>Lesen abbrechen und beenden</translation>
    </message>
    <message>
        <source>Keep reading</source>
        <translation>Weiterlesen</translation>
    </message>
    <message>
        <source>Register files</source>
        <translation>Dateien registrieren</translation>
    </message>
    <message>
        <source>A folder is already being read; wait for it or cancel it.</source>
        <translation>Es wird bereits ein Ordner gelesen; warten Sie darauf oder brechen Sie ab.</translation>
    </message>
    <message>
        <source>Folder with the observation&apos;s files</source>
        <translation>Ordner mit den Dateien der Beobachtung</translation>
    </message>
    <message>
        <source>Register the files in %1 to the observation of obs unit %2.

Instrument module of these files:</source>
        <translation>Die Dateien in %1 für die Beobachtung von Obs-Unit %2 registrieren.

Instrumentmodul dieser Dateien:</translation>
    </message>
    <message>
        <source>Cancel reading</source>
        <translation>Lesen abbrechen</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1…</translation>
    </message>
    <message numerus="yes">
        <source>Reading %1: %2 of %Ln file(s), %3 of %4</source>
        <translation>
            <numerusform>Lese %1: %2 von %Ln Datei, %3 von %4</numerusform>
            <numerusform>Lese %1: %2 von %Ln Dateien, %3 von %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was registered.</source>
        <translation>Es wurde nichts registriert.</translation>
    </message>
    <message>
        <source>The folder holds no files.</source>
        <translation>Der Ordner enthält keine Dateien.</translation>
    </message>
    <message numerus="yes">
        <source>Register %n file(s) to obs unit %1</source>
        <translation>
            <numerusform>%n Datei für Obs-Unit %1 registrieren</numerusform>
            <numerusform>%n Dateien für Obs-Unit %1 registrieren</numerusform>
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
    <message>
        <source>Health:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Standort:</translation>
    </message>
    <message>
        <source>Central database:</source>
        <translation>Zentrale Datenbank:</translation>
    </message>
    <message>
        <source>Sync:</source>
        <translation>Sync:</translation>
    </message>
    <message>
        <source>Last successful sync:</source>
        <translation>Letzte erfolgreiche Synchronisation:</translation>
    </message>
    <message>
        <source>Waiting for central:</source>
        <translation>Wartet auf die Zentrale:</translation>
    </message>
    <message>
        <source>Refused by central:</source>
        <translation>Von der Zentrale abgelehnt:</translation>
    </message>
    <message>
        <source>Applied by central:</source>
        <translation>Von der Zentrale übernommen:</translation>
    </message>
    <message>
        <source>Buffer:</source>
        <translation>Puffer:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>in Ordnung</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>beeinträchtigt</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>gestört</translation>
    </message>
    <message>
        <source>unhealthy: %1</source>
        <translation>gestört: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <source>idle: everything sent</source>
        <translation>ruhend: alles gesendet</translation>
    </message>
    <message>
        <source>sending changes</source>
        <translation>sendet Änderungen</translation>
    </message>
    <message>
        <source>waiting to try again</source>
        <translation>wartet auf den nächsten Versuch</translation>
    </message>
    <message>
        <source>off (no central database)</source>
        <translation>aus (keine zentrale Datenbank)</translation>
    </message>
    <message>
        <source>%1 ago (%2)</source>
        <translation>vor %1 (%2)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s), the oldest %1 old</source>
        <translation>
            <numerusform>%n Transaktion, %1 alt</numerusform>
            <numerusform>%n Transaktionen, die älteste %1 alt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s): see above to retry or discard</source>
        <translation>
            <numerusform>%n Transaktion: oben erneut senden oder verwerfen</numerusform>
            <numerusform>%n Transaktionen: oben erneut senden oder verwerfen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s)</source>
        <translation>
            <numerusform>%n Transaktion</numerusform>
            <numerusform>%n Transaktionen</numerusform>
        </translation>
    </message>
    <message>
        <source>sound</source>
        <translation>intakt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
</context>
<context>
    <name>ops::LinkStatus</name>
    <message>
        <source>Connected to the central database</source>
        <translation>Mit der zentralen Datenbank verbunden</translation>
    </message>
    <message>
        <source>Central database unreachable: %1</source>
        <translation>Zentrale Datenbank nicht erreichbar: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) refused by the central database: see the Sync view</source>
        <translation>
            <numerusform>%n Transaktion von der zentralen Datenbank abgelehnt: siehe Ansicht Sync</numerusform>
            <numerusform>%n Transaktionen von der zentralen Datenbank abgelehnt: siehe Ansicht Sync</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused by the central database</source>
        <translation>Von der zentralen Datenbank abgelehnt</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting for the central database, the oldest for %1</source>
        <translation>
            <numerusform>%n Änderung wartet seit %1 auf die zentrale Datenbank</numerusform>
            <numerusform>%n Änderungen warten auf die zentrale Datenbank, die älteste seit %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync backlog</source>
        <translation>Sync-Rückstau</translation>
    </message>
    <message numerus="yes">
        <source>%n dead letter(s)</source>
        <translation>
            <numerusform>%n abgelehnte Transaktion</numerusform>
            <numerusform>%n abgelehnte Transaktionen</numerusform>
        </translation>
    </message>
    <message>
        <source>central unreachable</source>
        <translation>Zentrale nicht erreichbar</translation>
    </message>
    <message>
        <source>backlog %1</source>
        <translation>Rückstau %1</translation>
    </message>
    <message>
        <source>local only</source>
        <translation>nur lokal</translation>
    </message>
    <message>
        <source>all well</source>
        <translation>alles in Ordnung</translation>
    </message>
    <message numerus="yes">
        <source>Backlog alarm after %n minute(s) (Settings)</source>
        <translation>
            <numerusform>Rückstau-Alarm nach %n Minute (Einstellungen)</numerusform>
            <numerusform>Rückstau-Alarm nach %n Minuten (Einstellungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>last sync %1 ago</source>
        <translation>letzte Synchronisation vor %1</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>nie synchronisiert</translation>
    </message>
</context>
<context>
    <name>ops::MainWindow</name>
    <message>
        <source>Operations console — %1</source>
        <translation>Betriebskonsole — %1</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Cancelled by</source>
        <translation>Abgebrochen von</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>Abbruchgrund</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Angefordert</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>&amp;Staging</source>
        <translation>&amp;Staging</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Central&apos;s answer</source>
        <translation>Antwort der Zentrale</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Pult</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Export night log as &amp;CSV…</source>
        <translation>Nachtprotokoll als &amp;CSV exportieren …</translation>
    </message>
    <message>
        <source>Export night log as &amp;PDF report…</source>
        <translation>Nachtprotokoll als &amp;PDF-Bericht exportieren …</translation>
    </message>
    <message>
        <source>&amp;Observation</source>
        <translation>&amp;Beobachtung</translation>
    </message>
    <message>
        <source>&amp;Start observation…</source>
        <translation>Beobachtung &amp;starten …</translation>
    </message>
    <message>
        <source>&amp;Finish observation…</source>
        <translation>Beobachtung &amp;beenden …</translation>
    </message>
    <message>
        <source>&amp;Register files from folder…</source>
        <translation>Dateien aus Ordner &amp;registrieren …</translation>
    </message>
    <message>
        <source>&amp;Package</source>
        <translation>&amp;Paket</translation>
    </message>
    <message>
        <source>&amp;Create package from selected files…</source>
        <translation>Paket aus ausgewählten Dateien &amp;erstellen …</translation>
    </message>
    <message>
        <source>&amp;Finalize package</source>
        <translation>Paket &amp;abschließen</translation>
    </message>
    <message>
        <source>Request &amp;staging…</source>
        <translation>&amp;Staging anfordern …</translation>
    </message>
    <message>
        <source>&amp;Cancel staging job…</source>
        <translation>Staging-Auftrag &amp;abbrechen …</translation>
    </message>
    <message>
        <source>&amp;Retry dead-lettered transaction…</source>
        <translation>Abgelehnte Transaktion &amp;erneut senden …</translation>
    </message>
    <message>
        <source>&amp;Discard dead-lettered transaction…</source>
        <translation>Abgelehnte Transaktion &amp;verwerfen …</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Export the night log</source>
        <translation>Nachtprotokoll exportieren</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1: done (buffered)</source>
        <translation>%1: erledigt (gepuffert)</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>%1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 was refused:

%2</source>
        <translation>%1 wurde abgelehnt:

%2</translation>
    </message>
    <message>
        <source>Start observation</source>
        <translation>Beobachtung starten</translation>
    </message>
    <message>
        <source>Planned observation unit (obs_unit_id):</source>
        <translation>Geplante Beobachtungseinheit (obs_unit_id):</translation>
    </message>
    <message>
        <source>Finish observation</source>
        <translation>Beobachtung beenden</translation>
    </message>
    <message>
        <source>Select an observation in the night log first.</source>
        <translation>Bitte zuerst eine Beobachtung im Nachtprotokoll auswählen.</translation>
    </message>
    <message>
        <source>Register files</source>
        <translation>Dateien registrieren</translation>
    </message>
    <message>
        <source>Select the observation the files belong to in the night log first.</source>
        <translation>Bitte zuerst im Nachtprotokoll die Beobachtung auswählen, zu der die Dateien gehören.</translation>
    </message>
    <message>
        <source>Create package</source>
        <translation>Paket erstellen</translation>
    </message>
    <message>
        <source>Select the files for the package first (Files view or the night log&apos;s files).</source>
        <translation>Bitte zuerst die Dateien für das Paket auswählen (Ansicht Dateien oder die Dateien im Nachtprotokoll).</translation>
    </message>
    <message>
        <source>Finalize package</source>
        <translation>Paket abschließen</translation>
    </message>
    <message>
        <source>Request staging</source>
        <translation>Staging anfordern</translation>
    </message>
    <message>
        <source>Select one or more complete packages in the Packages view first.</source>
        <translation>Bitte zuerst ein oder mehrere abgeschlossene Pakete in der Ansicht Pakete auswählen.</translation>
    </message>
    <message>
        <source>Cancel staging</source>
        <translation>Staging abbrechen</translation>
    </message>
    <message>
        <source>Select a staging job in the Staging view first.</source>
        <translation>Bitte zuerst einen Staging-Auftrag in der Ansicht Staging auswählen.</translation>
    </message>
    <message>
        <source>This staging job is already %1; only a pending, scheduled or in-progress job can be cancelled.</source>
        <translation>Dieser Staging-Auftrag ist bereits %1; nur ein wartender, geplanter oder laufender Auftrag kann abgebrochen werden.</translation>
    </message>
    <message>
        <source>Cancel staging job</source>
        <translation>Staging-Auftrag abbrechen</translation>
    </message>
    <message>
        <source>A reason is required to cancel a staging job.</source>
        <translation>Zum Abbrechen eines Staging-Auftrags ist ein Grund erforderlich.</translation>
    </message>
    <message>
        <source>Retry transaction</source>
        <translation>Transaktion erneut senden</translation>
    </message>
    <message>
        <source>Select a failed (dead-lettered) transaction in the Sync view first.</source>
        <translation>Bitte zuerst eine abgelehnte Transaktion in der Ansicht Sync auswählen.</translation>
    </message>
    <message>
        <source>Send “%1” to the central database again?

Central refused it with:
%2

Retry only if that cause is gone.</source>
        <translation>„%1“ erneut an die zentrale Datenbank senden?

Die Zentrale lehnte ab mit:
%2

Nur erneut senden, wenn diese Ursache behoben ist.</translation>
    </message>
    <message>
        <source>Discard transaction</source>
        <translation>Transaktion verwerfen</translation>
    </message>
    <message>
        <source>The buffer was damaged: %1</source>
        <translation>Der Puffer war beschädigt: %1</translation>
    </message>
    <message>
        <source>The buffer was damaged: see the event log</source>
        <translation>Der Puffer war beschädigt: siehe Ereignisprotokoll</translation>
    </message>
    <message>
        <source>Night log</source>
        <translation>Nachtprotokoll</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Staging</source>
        <translation>Staging</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Zeilen kopieren</translation>
    </message>
    <message>
        <source>Night log exported to %1</source>
        <translation>Nachtprotokoll nach %1 exportiert</translation>
    </message>
    <message>
        <source>%1: cancelled. %2</source>
        <translation>%1: abgebrochen. %2</translation>
    </message>
    <message>
        <source>Select an observation in the night log.</source>
        <translation>Wählen Sie eine Beobachtung im Nachtprotokoll.</translation>
    </message>
    <message>
        <source>Obs unit %1 is %2; only a running observation can be finished.</source>
        <translation>Obs-Unit %1 ist %2; nur eine laufende Beobachtung kann beendet werden.</translation>
    </message>
    <message>
        <source>Obs unit %1</source>
        <translation>Obs-Unit %1</translation>
    </message>
    <message>
        <source>A folder is being read; wait for it or cancel it.</source>
        <translation>Ein Ordner wird gelesen; warten Sie darauf oder brechen Sie ab.</translation>
    </message>
    <message>
        <source>Select the observation in the night log.</source>
        <translation>Wählen Sie die Beobachtung im Nachtprotokoll.</translation>
    </message>
    <message>
        <source>Select files in the Files view or in the night log&apos;s files.</source>
        <translation>Wählen Sie Dateien in der Ansicht Dateien oder in den Dateien des Nachtprotokolls.</translation>
    </message>
    <message>
        <source>Some selected files are already in a package.</source>
        <translation>Einige der gewählten Dateien sind schon in einem Paket.</translation>
    </message>
    <message>
        <source>The selected files belong to more than one observation.</source>
        <translation>Die gewählten Dateien gehören zu mehr als einer Beobachtung.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a package that is still building.</source>
        <translation>Wählen Sie ein Paket, das noch gebaut wird.</translation>
    </message>
    <message>
        <source>Only a package that is still building can be finalized.</source>
        <translation>Nur ein Paket, das noch gebaut wird, kann abgeschlossen werden.</translation>
    </message>
    <message>
        <source>Select complete packages.</source>
        <translation>Wählen Sie vollständige Pakete.</translation>
    </message>
    <message>
        <source>Only complete packages can be staged.</source>
        <translation>Nur vollständige Pakete können bereitgestellt werden.</translation>
    </message>
    <message>
        <source>Select a staging job.</source>
        <translation>Wählen Sie einen Staging-Auftrag.</translation>
    </message>
    <message>
        <source>Staging to %1</source>
        <translation>Staging nach %1</translation>
    </message>
    <message>
        <source>This staging job is already %1.</source>
        <translation>Dieser Staging-Auftrag ist bereits %1.</translation>
    </message>
    <message>
        <source>Select a transaction the central database refused.</source>
        <translation>Wählen Sie eine Transaktion, die die zentrale Datenbank abgelehnt hat.</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Begründung (erforderlich)</translation>
    </message>
    <message numerus="yes">
        <source>Finish the observation of obs unit %1 (started %2, %n file(s)) as:</source>
        <translation>
            <numerusform>Beobachtung von Obs-Unit %1 (begonnen %2, %n Datei) beenden als:</numerusform>
            <numerusform>Beobachtung von Obs-Unit %1 (begonnen %2, %n Dateien) beenden als:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Package %n file(s) (%1 of at most %2), module %3:
%4

Package name:</source>
        <translation>
            <numerusform>%n Datei packen (%1 von höchstens %2), Modul %3:
%4

Paketname:</numerusform>
            <numerusform>%n Dateien packen (%1 von höchstens %2), Modul %3:
%4

Paketname:</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the package in the Packages view (or the night log&apos;s packages) first.</source>
        <translation>Wählen Sie zuerst das Paket in der Ansicht Pakete (oder in den Paketen des Nachtprotokolls).</translation>
    </message>
    <message>
        <source>Package %1 is already %2; only a package that is still building can be finalized.</source>
        <translation>Paket %1 ist bereits %2; nur ein Paket, das noch gebaut wird, kann abgeschlossen werden.</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>Abschließen</translation>
    </message>
    <message>
        <source>Keep building</source>
        <translation>Weiter bauen</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Keep job</source>
        <translation>Auftrag behalten</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Leave it refused</source>
        <translation>Abgelehnt lassen</translation>
    </message>
    <message>
        <source>Discard “%1”?

Central refused it with: %2

Its changes leave this console for good and never reach the central database; transactions that build on them fail in turn. This is recorded in the audit under your name (%3).</source>
        <translation>„%1“ verwerfen?

Die Zentrale hat sie abgelehnt mit: %2

Ihre Änderungen verlassen diese Konsole endgültig und erreichen die zentrale Datenbank nie; Transaktionen, die darauf aufbauen, scheitern ebenfalls. Dies wird im Audit unter Ihrem Namen (%3) festgehalten.</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>A reason is required to discard a transaction.</source>
        <translation>Zum Verwerfen einer Transaktion ist eine Begründung erforderlich.</translation>
    </message>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> und %n weiteres</numerusform>
            <numerusform> und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln Datei</numerusform>
            <numerusform>%Ln Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finalize %n package(s): %1 (%2, %3)?

No files can be added to them afterwards; they become ready for transfer and staging.</source>
        <translation>
            <numerusform>%n Paket abschließen: %1 (%2, %3)?

Danach können keine Dateien mehr hinzugefügt werden; es wird für Transfer und Staging bereit.</numerusform>
            <numerusform>%n Pakete abschließen: %1 (%2, %3)?

Danach können keine Dateien mehr hinzugefügt werden; sie werden für Transfer und Staging bereit.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stage %n package(s): %1 (%2, %3)

to (processing location):</source>
        <translation>
            <numerusform>%n Paket bereitstellen: %1 (%2, %3)

nach (Verarbeitungsort):</numerusform>
            <numerusform>%n Pakete bereitstellen: %1 (%2, %3)

nach (Verarbeitungsort):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel the staging of %n package(s) (%1; %2, %3) to %4?

The data-transfer system will stop working on it; this is recorded in the audit under your name (%5).</source>
        <translation>
            <numerusform>Das Staging von %n Paket (%1; %2, %3) nach %4 abbrechen?

Das Datentransfersystem hört auf, daran zu arbeiten; dies wird im Audit unter Ihrem Namen (%5) festgehalten.</numerusform>
            <numerusform>Das Staging von %n Paketen (%1; %2, %3) nach %4 abbrechen?

Das Datentransfersystem hört auf, daran zu arbeiten; dies wird im Audit unter Ihrem Namen (%5) festgehalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Refused by the central database (its answer is in the next columns): retry it once the cause is gone (Ctrl+Shift+R) or discard it (Ctrl+Shift+D)</source>
        <translation>Von der zentralen Datenbank abgelehnt (ihre Antwort steht in den nächsten Spalten): erneut senden, wenn die Ursache behoben ist (Strg+Umschalt+R), oder verwerfen (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>Waiting to be sent to the central database</source>
        <translation>Wartet darauf, an die zentrale Datenbank gesendet zu werden</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>Ereignisse filtern</translation>
    </message>
</context>
<context>
    <name>ops::NightLogPage</name>
    <message>
        <source>Night of</source>
        <translation>Nacht vom</translation>
    </message>
    <message>
        <source>(noon to noon, %1)</source>
        <translation>(Mittag bis Mittag, %1)</translation>
    </message>
    <message>
        <source>&amp;Tonight</source>
        <translation>&amp;Heute Nacht</translation>
    </message>
    <message>
        <source>Show the current night and follow it across noon</source>
        <translation>Die laufende Nacht zeigen und ihr über Mittag hinaus folgen</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message numerus="yes">
        <source>%n observation(s)</source>
        <translation>
            <numerusform>%n Beobachtung</numerusform>
            <numerusform>%n Beobachtungen</numerusform>
        </translation>
    </message>
    <message>
        <source>observing time %1 h %2 min</source>
        <translation>Beobachtungszeit %1 h %2 min</translation>
    </message>
</context>
<context>
    <name>ops::NightTimeline</name>
    <message>
        <source>(no files)</source>
        <translation>(keine Dateien)</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
</context>
<context>
    <name>ops::NightTimelineWidget</name>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>UTC: %1 to %2</source>
        <translation>UTC: %1 bis %2</translation>
    </message>
    <message numerus="yes">
        <source>Obs unit %1 — %2
%3 to %4
%Ln file(s), %5
%6</source>
        <translation>
            <numerusform>Beob.-Einheit %1 — %2
%3 bis %4
%Ln Datei, %5
%6</numerusform>
            <numerusform>Beob.-Einheit %1 — %2
%3 bis %4
%Ln Dateien, %5
%6</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::PackageSizeChart</name>
    <message>
        <source>Newest packages: size as a share of the limit (%1)</source>
        <translation>Neueste Pakete: Größe als Anteil der Grenze (%1)</translation>
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation>%1 · %2 %</translation>
    </message>
    <message>
        <source>%1
%2 of %3 (%4 %)
%5</source>
        <translation>%1
%2 von %3 (%4 %)
%5</translation>
    </message>
</context>
<context>
    <name>ops::RecordDetail</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>Abbruchgrund</translation>
    </message>
    <message>
        <source>Cancelled by</source>
        <translation>Abgebrochen von</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>Prüfsumme</translation>
    </message>
    <message>
        <source>Checksum algorithm</source>
        <translation>Prüfsummenverfahren</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Beobachtung</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Dateityp</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Modules</source>
        <translation>Module</translation>
    </message>
    <message>
        <source>Central&apos;s answer</source>
        <translation>Antwort der Zentrale</translation>
    </message>
    <message>
        <source>Mean elevation</source>
        <translation>Mittlere Elevation</translation>
    </message>
    <message>
        <source>Mean PWV</source>
        <translation>Mittlerer PWV</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Observation info</source>
        <translation>Beobachtungsangaben</translation>
    </message>
    <message>
        <source>Obs unit</source>
        <translation>Beob.-Einheit</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Pakete</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Angefordert von</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Staging job</source>
        <translation>Staging-Auftrag</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Record id</source>
        <translation>Datensatz-Id</translation>
    </message>
    <message>
        <source>Record type</source>
        <translation>Datensatzart</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Datensatz</translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
</context>
<context>
    <name>ops::RecordQuery</name>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Buffered</source>
        <translation>Gepuffert</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>ops::RecordView</name>
    <message>
        <source>Filter (every row, not only those shown)</source>
        <translation>Filter (alle Zeilen, nicht nur die angezeigten)</translation>
    </message>
    <message>
        <source>Fit columns to their contents</source>
        <translation>Spalten an Inhalt anpassen</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Zeilen kopieren</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>zähle…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Console (takes effect at the next start)</source>
        <translation>Konsole (wirksam ab dem nächsten Start)</translation>
    </message>
    <message>
        <source>[host:]port, empty: no REST</source>
        <translation>[Host:]Port, leer: kein REST</translation>
    </message>
    <message>
        <source>Central database:</source>
        <translation>Zentrale Datenbank:</translation>
    </message>
    <message>
        <source>Site:</source>
        <translation>Standort:</translation>
    </message>
    <message>
        <source>Site type:</source>
        <translation>Standorttyp:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zeitzone:</translation>
    </message>
    <message>
        <source>REST listen address:</source>
        <translation>REST-Adresse:</translation>
    </message>
    <message>
        <source>Largest package (bytes):</source>
        <translation>Größtes Paket (Bytes):</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>Automation tokens (take effect at once)</source>
        <translation>Automatisierungs-Token (sofort wirksam)</translation>
    </message>
    <message>
        <source>name, e.g. primecam-daq</source>
        <translation>Name, z. B. primecam-daq</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>Revoke selected</source>
        <translation>Ausgewählten widerrufen</translation>
    </message>
    <message>
        <source>Create token</source>
        <translation>Token erstellen</translation>
    </message>
    <message>
        <source>Token created</source>
        <translation>Token erstellt</translation>
    </message>
    <message>
        <source>The token for “%1”. Copy it now: it is shown only this once.</source>
        <translation>Das Token für „%1“. Jetzt kopieren: es wird nur dieses eine Mal angezeigt.</translation>
    </message>
    <message>
        <source>Revoke token</source>
        <translation>Token widerrufen</translation>
    </message>
    <message>
        <source>Revoke the token “%1”? Automation using it is refused from now on.</source>
        <translation>Das Token „%1“ widerrufen? Automatisierung, die es verwendet, wird ab sofort abgewiesen.</translation>
    </message>
    <message>
        <source>Largest package: must be a positive whole number of bytes, got “%1”</source>
        <translation>Größtes Paket: muss eine positive ganze Zahl von Bytes sein, erhalten: „%1“</translation>
    </message>
    <message>
        <source>Time zone: unknown IANA time zone “%1”</source>
        <translation>Zeitzone: unbekannte IANA-Zeitzone „%1“</translation>
    </message>
    <message>
        <source>Site: must not be empty</source>
        <translation>Standort: darf nicht leer sein</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Alarms (take effect at once)</source>
        <translation>Alarme (sofort wirksam)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Notify when the oldest change waiting for central is older than this</source>
        <translation>Benachrichtigen, wenn die älteste auf die Zentrale wartende Änderung älter ist</translation>
    </message>
    <message>
        <source>Backlog alarm after:</source>
        <translation>Rückstau-Alarm nach:</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Night (dark, red)</source>
        <translation>Nacht (dunkel, rot)</translation>
    </message>
    <message>
        <source>Night: a dark, red-shifted look that keeps the eyes dark-adapted</source>
        <translation>Nacht: ein dunkles, rotverschobenes Aussehen, das die Augen dunkeladaptiert lässt</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Farbschema:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>The size of all text on the desk, e.g. larger on a 4K screen</source>
        <translation>Die Größe aller Texte am Pult, z. B. größer auf einem 4K-Bildschirm</translation>
    </message>
    <message>
        <source>Text size:</source>
        <translation>Schriftgröße:</translation>
    </message>
    <message>
        <source>Central database: not a libpq conninfo or postgresql:// URL: %1</source>
        <translation>Zentrale Datenbank: keine libpq-Verbindungsangabe und keine postgresql://-URL: %1</translation>
    </message>
</context>
<context>
    <name>ops::StatusWatcher</name>
    <message>
        <source>central: connected</source>
        <translation>Zentrale: verbunden</translation>
    </message>
    <message>
        <source>central: disconnected</source>
        <translation>Zentrale: getrennt</translation>
    </message>
    <message>
        <source>no central database configured</source>
        <translation>keine zentrale Datenbank konfiguriert</translation>
    </message>
    <message>
        <source>nothing pending</source>
        <translation>nichts offen</translation>
    </message>
    <message numerus="yes">
        <source>%n pending, oldest %1</source>
        <translation>
            <numerusform>%n offen, älteste %1</numerusform>
            <numerusform>%n offen, älteste %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n abgelehnt</numerusform>
            <numerusform>%n abgelehnt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ops::deskqueries</name>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed or aborted</source>
        <translation>Fehlgeschlagen oder abgebrochen</translation>
    </message>
    <message>
        <source>Not in a package</source>
        <translation>In keinem Paket</translation>
    </message>
    <message>
        <source>In a package</source>
        <translation>In einem Paket</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Im Aufbau</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Vollständig</translation>
    </message>
    <message>
        <source>In transfer</source>
        <translation>Im Transfer</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Failed or cancelled</source>
        <translation>Fehlgeschlagen oder storniert</translation>
    </message>
    <message>
        <source>Waiting for central</source>
        <translation>Wartet auf die Zentrale</translation>
    </message>
    <message>
        <source>Refused by central</source>
        <translation>Von der Zentrale abgelehnt</translation>
    </message>
    <message>
        <source>package %1</source>
        <translation>Paket %1</translation>
    </message>
    <message>
        <source>staging job to %1</source>
        <translation>Staging-Auftrag nach %1</translation>
    </message>
    <message>
        <source>observation of obs unit %1</source>
        <translation>Beobachtung von Obs-Unit %1</translation>
    </message>
    <message>
        <source>transaction “%1”</source>
        <translation>Transaktion „%1“</translation>
    </message>
    <message>
        <source>cancelled staging</source>
        <translation>Staging storniert</translation>
    </message>
    <message>
        <source>discarded a transaction</source>
        <translation>Transaktion verworfen</translation>
    </message>
    <message>
        <source>retried a transaction</source>
        <translation>Transaktion erneut gesendet</translation>
    </message>
</context>
<context>
    <name>ops::stateicons</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>building</source>
        <translation>im Aufbau</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>transferring</source>
        <translation>in Übertragung</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>archiviert</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>buffered</source>
        <translation>gepuffert</translation>
    </message>
    <message>
        <source>synced</source>
        <translation>synchronisiert</translation>
    </message>
    <message>
        <source>Safe in the local buffer; not yet in the central database</source>
        <translation>Sicher im lokalen Puffer; noch nicht in der zentralen Datenbank</translation>
    </message>
    <message>
        <source>The central database holds all of its changes</source>
        <translation>Die zentrale Datenbank hat alle seine Änderungen</translation>
    </message>
    <message>
        <source>Failed, or refused by the central database: see the Sync view</source>
        <translation>Fehlgeschlagen oder von der zentralen Datenbank abgelehnt: siehe Ansicht Sync</translation>
    </message>
    <message>
        <source>Waiting for transfer: only at the telescope so far</source>
        <translation>Wartet auf Übertragung: bisher nur am Teleskop</translation>
    </message>
    <message>
        <source>Being transferred to the archive</source>
        <translation>Wird ins Archiv übertragen</translation>
    </message>
    <message>
        <source>In the long-term archive</source>
        <translation>Im Langzeitarchiv</translation>
    </message>
</context>
<context>
    <name>ops::summarytext</name>
    <message>
        <source>main</source>
        <translation>Hauptstandort</translation>
    </message>
    <message>
        <source>secondary</source>
        <translation>Nebenstandort</translation>
    </message>
    <message>
        <source>Start observation of obs unit %1</source>
        <translation>Beobachtung von Obs-Unit %1 starten</translation>
    </message>
    <message>
        <source>Finish observation %1 (obs unit %2) as %3</source>
        <translation>Beobachtung %1 (Obs-Unit %2) beenden als %3</translation>
    </message>
    <message numerus="yes">
        <source>Register %n files for observation %1</source>
        <translation>
            <numerusform>%n Datei für Beobachtung %1 registrieren</numerusform>
            <numerusform>%n Dateien für Beobachtung %1 registrieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Register file %1</source>
        <translation>Datei %1 registrieren</translation>
    </message>
    <message numerus="yes">
        <source>Create package %1 with %n files</source>
        <translation>
            <numerusform>Paket %1 mit %n Datei erstellen</numerusform>
            <numerusform>Paket %1 mit %n Dateien erstellen</numerusform>
        </translation>
    </message>
    <message>
        <source>Finalize package %1</source>
        <translation>Paket %1 abschließen</translation>
    </message>
    <message numerus="yes">
        <source>Stage %n packages to %1</source>
        <translation>
            <numerusform>%n Paket nach %1 bereitstellen</numerusform>
            <numerusform>%n Pakete nach %1 bereitstellen</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel staging job %1 to %2</source>
        <translation>Staging-Auftrag %1 nach %2 abbrechen</translation>
    </message>
    <message>
        <source>Audit: retried transaction %1</source>
        <translation>Audit: Transaktion %1 erneut gesendet</translation>
    </message>
    <message>
        <source>Audit: discarded transaction %1</source>
        <translation>Audit: Transaktion %1 verworfen</translation>
    </message>
    <message>
        <source>Audit: cancelled staging %1</source>
        <translation>Audit: Staging %1 abgebrochen</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n laufend</numerusform>
            <numerusform>%n laufend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completed</source>
        <translation>
            <numerusform>%n abgeschlossen</numerusform>
            <numerusform>%n abgeschlossen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n aborted</source>
        <translation>
            <numerusform>%n abgebrochen</numerusform>
            <numerusform>%n abgebrochen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n observation(s)</source>
        <translation>
            <numerusform>%n Beobachtung</numerusform>
            <numerusform>%n Beobachtungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln file(s), %2</source>
        <translation>
            <numerusform>%1: %Ln Datei, %2</numerusform>
            <numerusform>%1: %Ln Dateien, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Central: %1, %2, %3</source>
        <translation>Zentrale: %1, %2, %3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln synced</source>
        <translation>
            <numerusform>%Ln synchronisiert</numerusform>
            <numerusform>%Ln synchronisiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still buffered</source>
        <translation>
            <numerusform>%Ln noch gepuffert</numerusform>
            <numerusform>%Ln noch gepuffert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln buffered</source>
        <translation>
            <numerusform>%Ln gepuffert</numerusform>
            <numerusform>%Ln gepuffert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln refused</source>
        <translation>
            <numerusform>%Ln abgelehnt</numerusform>
            <numerusform>%Ln abgelehnt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>opsconsole</name>
    <message>
        <source>Operations console</source>
        <translation>Betriebskonsole</translation>
    </message>
    <message>
        <source>The console cannot start.</source>
        <translation>Die Konsole kann nicht starten.</translation>
    </message>
</context>
</TS>
