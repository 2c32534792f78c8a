#include "centralpuller.h"

#include "bufferevents.h"
#include "localapplier.h"
#include "logging.h"
#include "outbox.h"
#include "schema.h"
#include "sqlsupport.h"

#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace ops {

namespace {

/// A row as central sent it (each column's text, a null QString for NULL), and its values as
/// the buffer stores them, converted before the writers' turn is taken.
struct PulledRow
{
    const schema::Table *table;
    qint64 changeSeq;
    QList<QString> texts;
    QVariantList values;

    QString text(QLatin1StringView column) const { return texts.at(table->indexOf(column)); }
    QJsonObject json() const
    {
        QJsonObject row;
        for (int i = 0; i < table->columns.size(); ++i)
            row.insert(table->columns[i].name, schema::toJson(texts[i], table->columns[i].type));
        return row;
    }
};

QVariant sqlValue(const QString &text, const schema::Column &column)
{
    if (text.isNull())
        return {};
    switch (column.type) {
    case schema::ColumnType::Integer:
        return text.toLongLong();
    case schema::ColumnType::Real:
        return text.toDouble();
    case schema::ColumnType::Json:
        return LocalApplier::toSqlValue(schema::toJson(text, column.type),
                                        static_cast<int>(column.type));
    default:
        return text;
    }
}

QByteArray selectList(const schema::Table &table)
{
    QByteArray list;
    for (const schema::Column &c : table.columns) {
        if (!list.isEmpty())
            list.append(',');
        const QByteArray name(c.name.data(), c.name.size());
        if (c.type == schema::ColumnType::Timestamp)
            list.append("to_char(" + name +
                        " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')");
        else
            list.append(name + "::text");
    }
    return list;
}

/// The pull's one statement, built once from the schema: every table's next page above the
/// cursor ($1, bound), and first the statement's own snapshot's xmin and xmax. One statement is
/// one snapshot for all the tables; which transactions were running when it was taken decides
/// which gaps may still fill. Each row: the table's index (-1 for the snapshot), the change
/// number, then the table's columns as text, NULL after its last.
const QByteArray &pullSql()
{
    static const QByteArray sql = [] {
        qsizetype width = 2;
        for (const schema::Table &t : schema::tables())
            width = std::max(width, t.columns.size());
        const auto padding = [width](qsizetype used) {
            QByteArray nulls;
            for (qsizetype i = used; i < width; ++i)
                nulls.append(",NULL::text");
            return nulls;
        };
        QByteArray text = "SELECT -1, NULL::bigint, pg_snapshot_xmin(pg_current_snapshot())::text, "
                          "pg_snapshot_xmax(pg_current_snapshot())::text" +
                          padding(2);
        for (qsizetype t = 0; t < schema::tables().size(); ++t) {
            const schema::Table &table = schema::tables()[t];
            text += "\nUNION ALL (SELECT " + QByteArray::number(t) + ", change_seq, " +
                    selectList(table) + padding(table.columns.size()) + " FROM opsdb." +
                    QByteArray(table.name.data(), table.name.size()) +
                    " WHERE change_seq > $1 ORDER BY change_seq LIMIT " +
                    QByteArray::number(CentralPuller::kPageRows) + ")";
        }
        return text;
    }();
    return sql;
}

QString recordIdOf(const PulledRow &row)
{
    return row.text(row.table->name == schema::kStagingJobPackage
                        ? QLatin1StringView("staging_job_id")
                        : QLatin1StringView("id"));
}

QString keyOf(const PulledRow &row)
{
    if (row.table->name == schema::kStagingJobPackage)
        return row.text(QLatin1StringView("staging_job_id")) + QLatin1Char(':') +
               row.text(QLatin1StringView("raw_data_package_id"));
    return row.text(QLatin1StringView("id"));
}

/// Writes rows[from, to) and moves the cursor to `cursor`, in one write transaction.
Status writeRows(Buffer &buffer, const QList<PulledRow> &rows, qsizetype from, qsizetype to,
                 qint64 cursor, QSet<QString> &touchedTables)
{
    return buffer.write(
        [&]() -> Status {
            QSqlDatabase db = buffer.database();
            QSet<QString> rebuild;
            for (qsizetype i = from; i < to; ++i) {
                const PulledRow &r = rows[i];
                const QString table(r.table->name);
                const QString recordId = recordIdOf(r);
                QStringList key{recordId};
                if (r.table->name == schema::kStagingJobPackage)
                    key << r.text(QLatin1StringView("raw_data_package_id"));
                const auto held = LocalApplier::heldRow(db, *r.table, key);
                if (!held)
                    return held.error();
                const bool haveThisVersion = held->changeSeq && *held->changeSeq >= r.changeSeq;
                const bool pendingHere = held->pendingHere;
                if (haveThisVersion)
                    continue; // a page pulled again above a gap
                touchedTables.insert(table);
                const auto keepBase = [&] {
                    QSqlQuery base(db);
                    base.prepare(
                        QStringLiteral("INSERT OR REPLACE INTO central_row (table_name, key, "
                                       "record_id, change_seq, row) VALUES (?, ?, ?, ?, ?)"));
                    base.addBindValue(table);
                    base.addBindValue(keyOf(r));
                    base.addBindValue(recordId);
                    base.addBindValue(r.changeSeq);
                    base.addBindValue(
                        QString::fromUtf8(QJsonDocument(r.json()).toJson(QJsonDocument::Compact)));
                    return sql::exec(base, QStringLiteral("central_row"));
                };
                if (pendingHere) {
                    if (auto ran = keepBase(); !ran)
                        return ran;
                    rebuild.insert(recordId);
                } else if (auto ran = LocalApplier::writeCentralValues(db, *r.table, r.values,
                                                                       r.changeSeq);
                           !ran) {
                    // Another console won a unique key (a path, a package name) that a change of
                    // ours, not taken by central, still holds here: central's row waits aside until
                    // that change is discarded (Outbox::discard shows it), and the pull goes on.
                    if (ran.error().kind != ErrorKind::Conflict)
                        return ran;
                    if (auto kept = keepBase(); !kept)
                        return kept;
                }
            }
            if (auto rebuilt = Outbox::rebuild(db, rebuild); !rebuilt)
                return rebuilt;
            QSqlQuery cursorUpdate(db);
            cursorUpdate.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO sync_cursor (name, value) VALUES ('change_seq', ?)"));
            cursorUpdate.addBindValue(cursor);
            return sql::exec(cursorUpdate, QStringLiteral("sync_cursor"));
        },
        // Central's rows and the cursor that follows them: lost together in a power cut, pulled
        // again.
        Buffer::Durability::Deferred);
}

} // namespace

CentralPuller::CentralPuller(PgConnection &connection, Buffer &buffer)
    : m_pg(connection), m_buffer(buffer)
{}

qint64 CentralPuller::cursor() const
{
    QSqlQuery q(m_buffer.database());
    q.exec(QStringLiteral("SELECT value FROM sync_cursor WHERE name = 'change_seq'"));
    return q.next() ? q.value(0).toLongLong() : 0;
}

CentralPuller::Outcome CentralPuller::pull()
{
    Outcome outcome;
    const qint64 from = cursor();
    QList<PulledRow> rows;
    // A table that filled its page may hold more below the others' rows: nothing above the
    // smallest such page end is trusted this round.
    qint64 trustedUpTo = std::numeric_limits<qint64>::max();
    // One round trip for every table: over the telescope's link each costs a quarter second.
    const auto result = m_pg.query(pullSql(), {QByteArray::number(from)});
    const auto snapshot =
        result ? std::find_if(result->cbegin(), result->cend(),
                              [](const QList<QString> &row) { return row.first() == u"-1"; })
               : QList<QList<QString>>::const_iterator();
    if (!result || snapshot == result->cend()) {
        outcome.ok = false;
        outcome.error =
            result ? QStringLiteral("central's answer holds no snapshot") : m_pg.lastError();
        return outcome;
    }
    const quint64 oldestRunning = snapshot->at(2).toULongLong();
    const quint64 nextId = snapshot->at(3).toULongLong();
    // Each table's page: how many rows and the last change number (the rows' order across the
    // tables is not relied on).
    QList<qsizetype> pageRows(schema::tables().size(), 0);
    QList<qint64> pageEnd(schema::tables().size(), 0);
    for (const QList<QString> &values : *result) {
        const int t = values.first().toInt();
        if (t < 0 || t >= schema::tables().size())
            continue; // the snapshot's row
        const schema::Table &table = schema::tables()[t];
        PulledRow pulled{
            &table, values.at(1).toLongLong(), values.mid(2, table.columns.size()), {}};
        pulled.values.reserve(table.columns.size());
        for (int i = 0; i < table.columns.size(); ++i)
            pulled.values << sqlValue(pulled.texts[i], table.columns[i]);
        ++pageRows[t];
        pageEnd[t] = std::max(pageEnd[t], pulled.changeSeq);
        rows.append(std::move(pulled));
    }
    for (qsizetype t = 0; t < schema::tables().size(); ++t)
        if (pageRows[t] == kPageRows) {
            trustedUpTo = std::min(trustedUpTo, pageEnd[t]);
            outcome.more = true;
        }
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const PulledRow &r) { return r.changeSeq > trustedUpTo; }),
               rows.end());
    std::sort(rows.begin(), rows.end(),
              [](const PulledRow &a, const PulledRow &b) { return a.changeSeq < b.changeSeq; });
    if (rows.isEmpty())
        return outcome;

    // The cursor moves over contiguous sequence numbers only. A number is missing because its
    // row was changed again (it has a newer number), its transaction rolled back, or its table is
    // not pulled (applied_transaction) — or because its transaction is still running, and its
    // rows will come. Central's trigger makes a transaction take its id before any number, so
    // the one that took a missing number was running, with an id below the snapshot's xmax, when
    // the gap was first seen; once the oldest transaction still running is younger than that,
    // the gap is for good. (Waiting a fixed time instead skipped the rows of a transaction that
    // ran longer, and re-read everything above each gap meanwhile.)
    qint64 newCursor = from;
    for (const PulledRow &r : rows) {
        bool blocked = false;
        for (qint64 missing = newCursor + 1; missing < r.changeSeq; ++missing) {
            const quint64 seenBelow = m_gapsSeenBelow.value(missing, nextId);
            m_gapsSeenBelow.insert(missing, seenBelow);
            if (oldestRunning < seenBelow) {
                blocked = true;
                break;
            }
        }
        if (blocked)
            break;
        newCursor = r.changeSeq;
    }
    for (auto it = m_gapsSeenBelow.begin(); it != m_gapsSeenBelow.end();)
        it = it.key() <= newCursor ? m_gapsSeenBelow.erase(it) : std::next(it);

    // In chunks, each with the cursor up to its last row: one write transaction for a whole page
    // held the write lock up to ~100 ms, and every acknowledgment waited behind it. A crash
    // between chunks leaves the cursor at a row that was written; what follows is pulled again.
    // 50 rows hold the writers' turn about a millisecond: with 200, sixteen clients' p99 was
    // 15-17 ms against 11-14 (no change in throughput; 20 rows were no better).
    constexpr qsizetype kChunkRows = 50;
    QSet<QString> touchedTables;
    for (qsizetype from = 0; from < rows.size(); from += kChunkRows) {
        const qsizetype to = std::min(from + kChunkRows, rows.size());
        const qint64 cursorHere = std::min(newCursor, rows[to - 1].changeSeq);
        const Status written = writeRows(m_buffer, rows, from, to, cursorHere, touchedTables);
        if (!written) {
            outcome.ok = false;
            outcome.error = written.error().message;
            return outcome;
        }
    }
    outcome.rows = static_cast<int>(rows.size());
    for (const QString &table : std::as_const(touchedTables))
        Q_EMIT BufferEvents::instance()->recordsChanged(table);
    return outcome;
}

} // namespace ops
