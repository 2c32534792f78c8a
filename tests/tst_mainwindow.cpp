// The desk, through the window: every action is performed by triggering its menu action and
// answering its dialogs as an operator would (typing, choosing, confirming), and the test then
// looks in the buffer. A refused action must show its reason.
#include "buffer.h"
#include "deskservice.h"
#include "mainwindow.h"
#include "mergedreader.h"
#include "outbox.h"
#include "recordtablemodel.h"
#include "recordview.h"
#include "schema.h"
#include "testsupport.h"
#include "tokenstore.h"

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;
using testsupport::BufferProbe;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    Buffer m_buffer;
    std::unique_ptr<Operations> m_ops;
    std::unique_ptr<MainWindow> m_window;

    /// Answers the next modal dialog (of the given class, if named) with `answer` as soon as it is
    /// up.
    void whenDialog(std::function<void(QWidget *)> answer, const char *className = nullptr)
    {
        auto *timer = new QTimer(this);
        timer->setInterval(20);
        connect(timer, &QTimer::timeout, this, [timer, answer, className] {
            QWidget *dialog = QApplication::activeModalWidget();
            if (dialog && (!className || dialog->inherits(className))) {
                timer->stop();
                timer->deleteLater();
                answer(dialog);
            }
        });
        timer->start();
    }
    /// Triggers a menu action and waits for the desk to report how it went.
    bool perform(const char *actionName, bool expectOk = true)
    {
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        QAction *action = m_window->findChild<QAction *>(QString::fromLatin1(actionName));
        if (!action)
            return false;
        action->trigger();
        if (finished.isEmpty() && !finished.wait(15000))
            return false;
        return finished.first().at(0).toBool() == expectOk;
    }
    RecordView *view(const char *name)
    {
        return m_window->findChild<RecordView *>(QString::fromLatin1(name));
    }
    bool waitForRows(RecordView *v, int rows)
    {
        return QTest::qWaitFor([&] { return v->model()->rowCount() >= rows; }, 10000);
    }
    void select(RecordView *v, const QString &id)
    {
        QVERIFY(QTest::qWaitFor([&] { return v->model()->rowOf(id) >= 0; }, 10000));
        v->selectId(id);
        QCOMPARE(v->currentRecord().value(QLatin1StringView("id")).toString(), id);
    }
    /// The Sync view's current row has been refreshed to its dead-lettered state.
    bool currentIsDeadLetter()
    {
        return QTest::qWaitFor(
            [&] {
                return view("sync")->currentRecord().value(QLatin1StringView("state")).toString() ==
                       QLatin1StringView("failed");
            },
            5000);
    }
    void showTab(const QString &objectName)
    {
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->objectName() == objectName ||
                tabs->widget(i)->findChild<RecordView *>(objectName))
                tabs->setCurrentIndex(i);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("opsconsole-tests"));
        m_path = m_dir.filePath(QStringLiteral("buffer.sqlite"));
        QVERIFY(m_buffer.open(m_path, Buffer::Role::Owner).ok());
        m_ops =
            std::make_unique<Operations>(m_buffer, SiteSettings{QStringLiteral("ccat"), 1000000});
        DeskSettings settings;
        settings.bufferPath = m_path;
        settings.site = SiteSettings{QStringLiteral("ccat"), 1000000};
        settings.operatorName = QStringLiteral("night-operator");
        settings.sync = std::make_shared<SyncStatus>();
        settings.configFile = m_dir.filePath(QStringLiteral("opsconsole.ini"));
        m_window = std::make_unique<MainWindow>(settings);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void startAndFinishAnObservation()
    {
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setIntValue(777);
            input->accept();
        });
        QVERIFY(perform("actionStart"));
        BufferProbe probe(m_path);
        const QString id =
            probe.scalar(QStringLiteral("SELECT id FROM executed_obs_unit WHERE obs_unit_id = 777"))
                .toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(
            probe
                .scalar(QStringLiteral("SELECT operator FROM executed_obs_unit WHERE id = ?"), {id})
                .toString(),
            QStringLiteral("night-operator"));

        showTab(QStringLiteral("nightLog"));
        select(view("nightLog"), id);
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setTextValue(QStringLiteral("aborted"));
            input->accept();
        });
        QVERIFY(perform("actionFinish"));
        QCOMPARE(
            BufferProbe(m_path)
                .scalar(QStringLiteral("SELECT status FROM executed_obs_unit WHERE id = ?"), {id})
                .toString(),
            QStringLiteral("aborted"));
        // The view follows without being told: the row shows the new state.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return view("nightLog")
                           ->currentRecord()
                           .value(QLatin1StringView("status"))
                           .toString() == QLatin1StringView("aborted");
            },
            5000));

        // Finishing it again is refused, and the window says why.
        QString shown;
        whenDialog([&](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setTextValue(QStringLiteral("completed"));
            input->accept();
            whenDialog([&](QWidget *box) {
                shown = qobject_cast<QMessageBox *>(box)->text();
                qobject_cast<QMessageBox *>(box)->accept();
            });
        });
        QVERIFY(perform("actionFinish", false));
        QVERIFY2(shown.contains(QStringLiteral("already aborted")), qPrintable(shown));
    }

    void outsideChangesAppearWithoutMovingTheSelection()
    {
        // A write from elsewhere in the process (the REST thread, the sync engine's pull) must
        // show within a second, and the operator's selection must stay on the same record.
        showTab(QStringLiteral("nightLog"));
        RecordView *log = view("nightLog");
        QVERIFY(waitForRows(log, 1));
        const QString selected = log->model()->record(0).value(QLatin1StringView("id")).toString();
        select(log, selected);
        const int rowsBefore = log->model()->rowCount();
        QSignalSpy resets(log->model(), &QAbstractItemModel::modelReset);
        QElapsedTimer timer;
        timer.start();
        const QString added = m_ops
                                  ->startObservation({{QStringLiteral("obs_unit_id"), 778}},
                                                     QStringLiteral("automation"))
                                  ->id;
        QVERIFY(QTest::qWaitFor([&] { return log->model()->rowOf(added) >= 0; }, 1000));
        qInfo("visible after %lld ms", static_cast<long long>(timer.elapsed()));
        QCOMPARE(log->model()->rowCount(), rowsBefore + 1);
        QCOMPARE(log->currentRecord().value(QLatin1StringView("id")).toString(), selected);
        QCOMPARE(resets.count(), 0);
    }

    void registerAFolderCreateFinalizeStageAndCancel()
    {
        const QString obs =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 888}}, QStringLiteral("t"))
                ->id;
        QTemporaryDir folder;
        for (int i = 0; i < 5; ++i) {
            QDir(folder.path()).mkpath(QStringLiteral("scan"));
            QFile f(folder.filePath(QStringLiteral("scan/det%1.fits").arg(i)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(1000 + i, char('a' + i)));
        }
        showTab(QStringLiteral("nightLog"));
        select(view("nightLog"), obs);
        whenDialog([&](QWidget *d) {
            auto *files = qobject_cast<QFileDialog *>(d);
            // Typed into the dialog's name field, as a person would.
            auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(folder.path());
            QMetaObject::invokeMethod(files, "accept");
            whenDialog([](QWidget *d2) {
                auto *input = qobject_cast<QInputDialog *>(d2);
                input->setTextValue(QStringLiteral("chai-lfa"));
                input->accept();
            });
        });
        QVERIFY(perform("actionRegisterFolder"));
        BufferProbe probe(m_path);
        QCOMPARE(probe.count(QStringLiteral("raw_data_file"),
                             QStringLiteral("executed_obs_unit_id = ?"), {obs}),
                 5);
        const QString expected = QString::fromLatin1(
            QCryptographicHash::hash(QByteArray(1002, 'c'), QCryptographicHash::Sha256).toHex());
        QCOMPARE(
            probe
                .scalar(QStringLiteral(
                    "SELECT checksum FROM raw_data_file WHERE relative_path = 'scan/det2.fits'"))
                .toString(),
            expected);
        QCOMPARE(
            probe
                .scalar(QStringLiteral(
                    "SELECT size_bytes FROM raw_data_file WHERE relative_path = 'scan/det2.fits'"))
                .toInt(),
            1002);

        // Package from selected files.
        showTab(QStringLiteral("files"));
        RecordView *files = view("files");
        QVERIFY(waitForRows(files, 5));
        files->view()->selectAll();
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            QVERIFY(input->labelText().contains(QStringLiteral("5 file")));
            input->setTextValue(QStringLiteral("pkg-desk"));
            input->accept();
        });
        QVERIFY(perform("actionCreatePackage"));
        const QString package =
            probe.scalar(QStringLiteral("SELECT id FROM raw_data_package WHERE name = 'pkg-desk'"))
                .toString();
        QVERIFY(!package.isEmpty());
        QCOMPARE(probe.count(QStringLiteral("raw_data_file"),
                             QStringLiteral("raw_data_package_id = ?"), {package}),
                 5);

        // Staging a building package is refused, with the reason.
        showTab(QStringLiteral("packages"));
        select(view("packages"), package);
        QString shown;
        whenDialog([&](QWidget *d) {
            qobject_cast<QInputDialog *>(d)->accept();
            whenDialog([&](QWidget *box) {
                shown = qobject_cast<QMessageBox *>(box)->text();
                qobject_cast<QMessageBox *>(box)->accept();
            });
        });
        QVERIFY(perform("actionStage", false));
        QVERIFY2(shown.contains(QStringLiteral("only complete packages")), qPrintable(shown));

        QVERIFY(perform("actionFinalize"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status FROM raw_data_package WHERE id = ?"),
                             {package})
                     .toString(),
                 QStringLiteral("complete"));
        select(view("packages"), package);
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setTextValue(QStringLiteral("ramses-processing"));
            input->accept();
        });
        QVERIFY(perform("actionStage"));
        const QString job =
            probe
                .scalar(QStringLiteral("SELECT staging_job_id FROM staging_job_package WHERE "
                                       "raw_data_package_id = ?"),
                        {package})
                .toString();
        QVERIFY(!job.isEmpty());

        // Cancelling needs a reason: without one it is refused and nothing changes.
        showTab(QStringLiteral("staging"));
        select(view("staging"), job);
        whenDialog([&](QWidget *d) {
            qobject_cast<QInputDialog *>(d)->accept(); // no reason typed
            whenDialog([&](QWidget *box) {
                shown = qobject_cast<QMessageBox *>(box)->text();
                qobject_cast<QMessageBox *>(box)->accept();
            });
        });
        QVERIFY(perform("actionCancelStaging", false));
        QVERIFY2(shown.contains(QStringLiteral("reason is required")), qPrintable(shown));
        QCOMPARE(probe.scalar(QStringLiteral("SELECT status FROM staging_job WHERE id = ?"), {job})
                     .toString(),
                 QStringLiteral("pending"));
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            QVERIFY(input->labelText().contains(QStringLiteral("ramses-processing")));
            input->setTextValue(QStringLiteral("wrong destination"));
            input->accept();
        });
        QVERIFY(perform("actionCancelStaging"));
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT status || '/' || cancelled_by || '/' || "
                                            "cancel_reason FROM staging_job WHERE id = ?"),
                             {job})
                     .toString(),
                 QStringLiteral("cancelled/night-operator/wrong destination"));
        QCOMPARE(probe.count(QStringLiteral("operator_action"),
                             QStringLiteral("target_id = ? AND actor = 'night-operator'"), {job}),
                 1);
    }

    void retryAndDiscardADeadLetter()
    {
        // Central's refusal is simulated here by dead-lettering directly; the desk's part is the
        // same.
        const auto first =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 901}}, QStringLiteral("t"));
        const auto second =
            m_ops->startObservation({{QStringLiteral("obs_unit_id"), 902}}, QStringLiteral("t"));
        Outbox outbox(m_buffer);
        for (const QString &tx : {first->transactionId, second->transactionId})
            QVERIFY(outbox.deadLetter(outbox.find(tx)->seq, QStringLiteral("refused for the test"))
                        .ok());

        showTab(QStringLiteral("sync"));
        select(view("sync"), first->transactionId);
        QVERIFY(currentIsDeadLetter());
        whenDialog([](QWidget *d) {
            auto *box = qobject_cast<QMessageBox *>(d);
            QVERIFY(box->text().contains(QStringLiteral("refused for the test")));
            box->button(QMessageBox::Yes)->click();
        });
        QVERIFY(perform("actionRetry"));
        QCOMPARE(outbox.find(first->transactionId)->state, QStringLiteral("pending"));

        select(view("sync"), second->transactionId);
        QVERIFY(currentIsDeadLetter());
        whenDialog([](QWidget *d) {
            auto *input = qobject_cast<QInputDialog *>(d);
            input->setTextValue(QStringLiteral("duplicate start"));
            input->accept();
        });
        QVERIFY(perform("actionDiscard"));
        BufferProbe probe(m_path);
        QCOMPARE(probe
                     .scalar(QStringLiteral("SELECT state FROM outbox WHERE id = ?"),
                             {second->transactionId})
                     .toString(),
                 QStringLiteral("discarded"));
        QCOMPARE(probe.count(QStringLiteral("executed_obs_unit"), QStringLiteral("id = ?"),
                             {second->id}),
                 0);
        QCOMPARE(probe.count(QStringLiteral("operator_action"),
                             QStringLiteral("action = 'discard_transaction' AND reason = "
                                            "'duplicate start' AND actor = 'night-operator'")),
                 1);
    }

    void statusBarSaysWhereTheLinkStands()
    {
        auto *label = m_window->findChild<QLabel *>(QStringLiteral("centralStatus"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return label->text().contains(QStringLiteral("no central database configured"));
            },
            5000));
        QVERIFY(QTest::qWaitFor([&] { return label->text().contains(QStringLiteral("pending")); },
                                5000));
        QVERIFY(label->text().startsWith(QStringLiteral("ccat (secondary)")));
        QVERIFY(m_window->findChild<QPlainTextEdit *>(QStringLiteral("healthPanel"))
                    ->toPlainText()
                    .contains(QStringLiteral("\"pending\"")));
    }

    void settingsSaveAndTokens()
    {
        QString secret;
        bool saved = false;
        whenDialog(
            [&](QWidget *d) {
                d->findChild<QLineEdit *>(QStringLiteral("tokenNameEdit"))
                    ->setText(QStringLiteral("primecam-daq"));
                d->findChild<QLineEdit *>(QStringLiteral("tokenScopesEdit"))
                    ->setText(QStringLiteral("read,write:files"));
                whenDialog(
                    [&, d](QWidget *shown) {
                        secret = qobject_cast<QInputDialog *>(shown)->textValue();
                        qobject_cast<QInputDialog *>(shown)->accept();
                        d->findChild<QLineEdit *>(QStringLiteral("centralEdit"))
                            ->setText(QStringLiteral("host=central.example dbname=opsdb"));
                        d->findChild<QLineEdit *>(QStringLiteral("siteEdit"))
                            ->setText(QStringLiteral("cologne"));
                        d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
                        saved = true;
                    },
                    "QInputDialog");
                d->findChild<QPushButton *>(QStringLiteral("createTokenButton"))->click();
            },
            "ops::SettingsDialog");
        m_window->findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QVERIFY(saved);
        QVERIFY(secret.startsWith(QStringLiteral("ops_")));
        const auto token = TokenStore(m_buffer.database()).authenticate(secret);
        QVERIFY(token.has_value());
        QCOMPARE(token->name, QStringLiteral("primecam-daq"));
        QCOMPARE(token->scopes,
                 (QStringList{QStringLiteral("read"), QStringLiteral("write:files")}));
        QSettings ini(m_dir.filePath(QStringLiteral("opsconsole.ini")), QSettings::IniFormat);
        QCOMPARE(ini.value(QStringLiteral("central")).toString(),
                 QStringLiteral("host=central.example dbname=opsdb"));
        QCOMPARE(ini.value(QStringLiteral("site")).toString(), QStringLiteral("cologne"));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
