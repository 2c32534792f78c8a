#include "operations.h"

#include "bufferevents.h"
#include "jsonfields.h"
#include "jsonspans.h"
#include "jsonwriter.h"
#include "logging.h"
#include "mergedreader.h"
#include "observation.h"
#include "outbox.h"
#include "rawdatafile.h"
#include "rawdatapackage.h"
#include "schema.h"
#include "sqlsupport.h"
#include "stagingjob.h"
#include "timestamps.h"
#include "uuids.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent>

#include <sqlite3.h>

namespace ops {

/// What an operation decided inside the write: a transaction to commit, or (for a repeated
/// identical create) only the earlier answer.
struct Operations::Plan
{
    std::optional<TransactionBuilder> builder;
    Ack ack;
    /// The record whose create request hash is kept for telling retries from reused ids.
    QLatin1StringView hashTable;
    QString hashId;
    QString hash;
};

QString requestHash(const QJsonObject &body, const QJsonObject &defaults)
{
    // The request's values, not its spelling: the same instant written with another offset, a
    // UUID in upper case, a default spelled out, or a set of ids in another order is the same
    // request (a safe retry), so all are canonicalised first. Towards the shortest spelling (a
    // default left out, ids in order), so that requests stored before hash as they did.
    QJsonObject values = body;
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QString key = it.key();
        if (it.value().isArray() && key.endsWith(QLatin1StringView("_ids"))) {
            QStringList ids;
            for (const QJsonValue &id : it.value().toArray()) {
                const QString normalized =
                    id.isString() ? uuids::normalized(id.toString()) : QString();
                ids << (normalized.isEmpty() ? id.toString() : normalized);
            }
            ids.sort();
            it.value() = QJsonArray::fromStringList(ids);
        }
        if (!it.value().isString())
            continue;
        const QString text = it.value().toString();
        if (key.endsWith(QLatin1StringView("_time")) || key.endsWith(QLatin1StringView("_at"))) {
            if (const auto instant = timestamps::canonical(text))
                it.value() = *instant;
        } else if (key == QLatin1StringView("id") || key.endsWith(QLatin1StringView("_id"))) {
            if (const QString id = uuids::normalized(text); !id.isEmpty())
                it.value() = id;
        }
    }
    for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        if (values.value(it.key()) == it.value())
            values.remove(it.key());
    }
    // jsonwriter writes the same bytes as QJsonDocument's compact form (tst_transactionbuilder
    // compares them), so hashes stored before it was used still match; it builds no document.
    QByteArray text;
    jsonwriter::appendObject(text, values);
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

namespace {
const QLatin1StringView kId("id"), kStatus("status");

QString sid(const QString &id)
{
    return id.left(8);
}

/// For a create with a client-chosen id: nothing (new id), the earlier answer (same request
/// again), or a 409 (the id is taken by something else).
std::optional<Result<Ack>> repeatedCreate(const MergedReader &reader, QLatin1StringView table,
                                          const QString &id, const QString &hash)
{
    if (id.isEmpty())
        return std::nullopt;
    const auto origin = reader.origin(table, id);
    if (!origin)
        return std::nullopt;
    if (origin->createHash != hash)
        return Result<Ack>(conflict(QStringLiteral("id: %1 already exists in %2 with other content")
                                        .arg(id, QString(table))));
    return Result<Ack>(Ack{id, origin->transactionId, {}, true});
}
/// The files of one observation in a request: their bytes together, and the last of them.
struct FileBytes
{
    qint64 added = 0;
    qsizetype last = 0;
};

constexpr int kSizeColumn = 4; // size_bytes in rawdatafile::columns()

Error tooManyBytes(bool bulk, qsizetype index, qint64 size, const QString &observation,
                   std::optional<qint64> stored)
{
    return invalid(
        QStringLiteral("%1size_bytes: %2 would bring the files of executed observation "
                       "%3 past 9223372036854775807 bytes%4")
            .arg(bulk ? QStringLiteral("[%1].").arg(index) : QString())
            .arg(size)
            .arg(observation,
                 stored ? QStringLiteral(" (%1 already registered)").arg(*stored) : QString()));
}
/// What the buffer holds of an observation's bytes, when `added` more could take it past the
/// largest integer; nothing when it cannot. Summing every file of an observation on each
/// registration would cost a bulk as much again, so the sum is taken only when `added` is above
/// 2^62 or a file of 2^40 bytes or more (1 TiB, found by the file_large partial index) is stored
/// for it: otherwise the stored files, fewer than 2^22 of under 2^40 bytes each, sum below 2^62.
Result<std::optional<qint64>> storedBytesIfLarge(const QSqlDatabase &db, const QString &observation,
                                                 qint64 added)
{
    if (added <= (qint64(1) << 62)) {
        auto large = sql::prepareCachedStatement(
            db, QStringLiteral("SELECT 1 FROM raw_data_file WHERE executed_obs_unit_id = ? AND "
                               "size_bytes >= 1099511627776 LIMIT 1"));
        if (!large)
            return large.error();
        QByteArray text;
        sql::bindText(large.value(), 1, observation, text);
        sqlite3_stmt *statement = large.value();
        const int rc = sqlite3_step(statement);
        const int code = sqlite3_extended_errcode(sqlite3_db_handle(statement));
        sql::release(statement);
        if (rc == SQLITE_DONE)
            return std::optional<qint64>();
        if (rc != SQLITE_ROW)
            return sql::directFailure(sqlite3_db_handle(statement), code,
                                      QStringLiteral("raw_data_file"));
    }
    QSqlQuery sum(db);
    sum.prepare(
        QStringLiteral("SELECT sum(size_bytes) FROM raw_data_file WHERE executed_obs_unit_id = ?"));
    sum.addBindValue(observation);
    if (!sum.exec()) {
        // SQLite's sum() fails on overflow: rows pulled from central may already be past it.
        if (sum.lastError().databaseText().contains(QLatin1StringView("integer overflow")))
            return std::optional<qint64>(std::numeric_limits<qint64>::max());
        return sql::failure(sum, QStringLiteral("raw_data_file"));
    }
    return std::optional<qint64>(sum.next() ? sum.value(0).toLongLong() : 0);
}
} // namespace

Operations::Operations(Buffer &buffer, SiteSettings settings, const Clock &clock)
    : m_buffer(buffer), m_settings(std::move(settings)), m_clock(clock)
{}

Result<Ack> Operations::commit(const std::function<Result<Plan>(const QString &now)> &plan)
{
    std::optional<Ack> ack;
    QString table;
    const Status written = m_buffer.write([&]() -> Status {
        auto decided = plan(timestamps::format(m_clock.nowMicros()));
        if (!decided)
            return decided.error();
        Plan &p = decided.value();
        ack = p.ack;
        if (!p.builder)
            return success();
        auto tx = p.builder->build();
        if (!tx)
            return tx.error();
        QSqlDatabase db = m_buffer.database();
        std::optional<LocalApplier::CreateHash> createHash;
        if (!p.hash.isEmpty())
            createHash = LocalApplier::CreateHash{QString(p.hashTable), p.hashId, p.hash};
        auto seq = Outbox::append(db, tx.value(), p.ack.ids.isEmpty() ? 1 : p.ack.ids.size(),
                                  std::move(createHash), &m_buffer.written());
        if (!seq)
            return seq.error();
        ack->transactionId = tx->id;
        table = tx->steps.first().table;
        return success();
    });
    if (!written)
        return written.error();
    // Inside a group commit nothing is visible before the group's COMMIT, after which its caller
    // announces the whole group once: one queued wake-up per write was an event, a futex and an
    // eventfd write each, and woke the sync thread to find nothing new.
    if (!ack->repeated && !m_buffer.inGroup()) {
        Q_EMIT BufferEvents::instance()->transactionsChanged();
        Q_EMIT BufferEvents::instance()->recordsChanged(table);
    }
    return *ack;
}

Result<Ack> Operations::startObservation(const QJsonObject &body, const QString &actor)
{
    auto request = observation::parseStart(body);
    if (!request)
        return request.error();
    const QString hash = requestHash(body, {{QStringLiteral("site"), m_settings.site},
                                            {QStringLiteral("obs_info"), QJsonObject{}}});
    return commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        if (auto repeated = repeatedCreate(reader, schema::kObservation, request->id, hash))
            return repeated->ok() ? Result<Plan>(Plan{std::nullopt, repeated->value(), {}, {}, {}})
                                  : Result<Plan>(repeated->error());
        Plan plan;
        plan.builder.emplace(
            QStringLiteral("start_observation"),
            QStringLiteral("Start observation of obs unit %1").arg(request->obsUnitId), actor, now);
        observation::StartRow start =
            observation::startRow(request.value(), m_settings.site, actor, now);
        plan.builder->bulkCreate(schema::kObservation, observation::startColumns(),
                                 std::move(start.row), QStringLiteral("create_observation"));
        plan.ack.id = start.id;
        plan.hashTable = schema::kObservation;
        plan.hashId = plan.ack.id;
        plan.hash = hash;
        return plan;
    });
}

Result<Ack> Operations::finishObservation(const QString &id, const QJsonObject &body,
                                          const QString &actor)
{
    return commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        const auto current = reader.record(schema::kObservation, id);
        if (!current)
            return notFound(QStringLiteral("id: no executed observation %1").arg(id));
        auto change = observation::finish(*current, body, timestamps::parse(now).value_or(0));
        if (!change)
            return change.error();
        Plan plan;
        const QString status = change->set.value(kStatus).toString();
        plan.builder.emplace(QStringLiteral("finish_observation"),
                             QStringLiteral("Finish observation %1 (obs unit %2) as %3")
                                 .arg(sid(id))
                                 .arg(current->value(QLatin1StringView("obs_unit_id")).toInteger())
                                 .arg(status),
                             actor, now);
        QJsonObject merge;
        if (!change->obsInfoPatch.isEmpty())
            merge.insert(QStringLiteral("obs_info"), change->obsInfoPatch);
        plan.builder->update(schema::kObservation, id, change->set,
                             QStringLiteral("finish_observation"),
                             {{QString(kStatus), QJsonArray{QStringLiteral("running")}}}, merge);
        plan.ack.id = id;
        return plan;
    });
}

Result<Ack> Operations::registerFile(const QJsonObject &body, const QString &actor)
{
    return registerRows(
        1, [&](qsizetype) -> Result<QJsonValue> { return QJsonValue(body); }, false, actor);
}

namespace {
Status bulkSize(qsizetype count)
{
    if (count == 0)
        return invalid(QStringLiteral("body: the list of files is empty"));
    if (count > Operations::kMaxBulkFiles)
        return invalid(QStringLiteral("body: %1 files, at most %2 in one request")
                           .arg(count)
                           .arg(Operations::kMaxBulkFiles));
    return success();
}

/// One element of a request's list, read by itself. Anything but an object is read inside a list
/// of its own, so that the refusal can show it.
QJsonValue parseElement(QByteArrayView element)
{
    if (element.startsWith('{'))
        return QJsonDocument::fromJson(QByteArray::fromRawData(element.data(), element.size()))
            .object();
    return QJsonDocument::fromJson('[' + element.toByteArray() + ']').array().first();
}
} // namespace

Result<Ack> Operations::registerFiles(const QJsonArray &body, const QString &actor)
{
    if (auto bad = bulkSize(body.size()); !bad)
        return bad.error();
    return registerRows(
        body.size(), [&](qsizetype i) -> Result<QJsonValue> { return body.at(i); }, true, actor);
}

Result<Ack> Operations::registerFiles(QByteArray list, const QStringList &knownFields,
                                      const QString &actor)
{
    auto elements = jsonspans::listElements(list);
    if (!elements)
        return invalid(QStringLiteral("body: must be a JSON list of files"));
    if (auto bad = bulkSize(elements->size()); !bad)
        return bad.error();
    // The fast reading knows only the file's own fields: it is used when the route accepts all of
    // them, so a key it reads is never one the route would refuse.
    const bool readText =
        std::all_of(rawdatafile::columns().cbegin(),
                    rawdatafile::columns().cbegin() + rawdatafile::kRequestColumns,
                    [&](const QString &column) { return knownFields.contains(column); });
    return registerRows(
        elements->size(),
        [&](qsizetype i) -> Result<QJsonValue> {
            QJsonValue file = parseElement(elements->at(i));
            if (file.isObject())
                if (QString unknown = JsonFields::unknownField(file.toObject(), knownFields);
                    !unknown.isEmpty())
                    return invalid(QStringLiteral("[%1].").arg(i) + unknown); // only when refused
            return file;
        },
        true, actor,
        [&](qsizetype i, QByteArrayView accepted, RowBlock &rows) {
            return readText ? rawdatafile::parseText(elements->at(i), accepted, rows)
                            : rawdatafile::TextReading::NotRead;
        },
        [&] {
            elements.reset();
            list = QByteArray();
        });
}

Result<Ack> Operations::registerRows(qsizetype count, const FileAt &fileAt, bool bulk,
                                     const QString &actor, const TextRowAt &textRowAt,
                                     const std::function<void()> &afterReading)
{
    // Validation runs before the write lock is taken, so a large bulk does not hold up other
    // writers while it is checked; above a few thousand files it is split across the cores.
    const QString accepted = timestamps::format(m_clock.nowMicros());
    const QByteArray acceptedUtf8 = accepted.toUtf8();
    struct Parsed
    {
        RowBlock rows;
        QList<qsizetype> explicitIds; ///< the files that came with their own id
        std::optional<Error> error;
    };
    const auto parseRange = [&](qsizetype from, qsizetype to) {
        Parsed parsed;
        parsed.rows.reserve(to - from, (to - from) * 160); // a file's row: ~150 bytes
        for (qsizetype i = from; i < to; ++i) {
            // The "[i]" prefix is only built for a message: formatting it for every file of a
            // large bulk would cost more than checking the file.
            const auto prefixOf = [&] { return bulk ? QStringLiteral("[%1]").arg(i) : QString(); };
            if (textRowAt) {
                const auto read = textRowAt(i, acceptedUtf8, parsed.rows);
                if (read == rawdatafile::TextReading::ReadWithGivenId)
                    parsed.explicitIds.append(i);
                if (read != rawdatafile::TextReading::NotRead)
                    continue;
            }
            auto value = fileAt(i);
            if (!value) {
                parsed.error = value.error();
                return parsed;
            }
            if (!value->isObject()) {
                parsed.error = invalid(QStringLiteral("%1: must be a JSON object, got %2")
                                           .arg(bulk ? prefixOf() : QStringLiteral("body"),
                                                JsonFields::show(value.value())));
                return parsed;
            }
            const QJsonObject file = value->toObject();
            auto row = rawdatafile::parse(file, QString(), accepted);
            if (!row) {
                parsed.error = rawdatafile::parse(file, prefixOf(), accepted).error();
                return parsed;
            }
            if (file.contains(kId))
                parsed.explicitIds.append(i);
            parsed.rows.append(row.value());
        }
        return parsed;
    };
    constexpr qsizetype kParallelFrom = 4000;
    Parsed first;
    if (count >= kParallelFrom) {
        const qsizetype half = count / 2;
        QFuture<Parsed> second = QtConcurrent::run(parseRange, half, count);
        first = parseRange(0, half);
        Parsed rest = second.result();
        if (afterReading)
            afterReading(); // the body goes before the halves are joined: less held at once
        if (!first.error && rest.error)
            first.error = rest.error;
        // Exactly the room both halves take: grown by doubling, the block kept ~40% slack.
        first.rows.reserve(count, first.rows.byteSize() + rest.rows.byteSize());
        first.rows.append(rest.rows);
        first.explicitIds += rest.explicitIds;
    } else {
        first = parseRange(0, count);
        if (afterReading)
            afterReading();
    }
    if (first.error)
        return *first.error;
    const RowBlock rows = std::move(first.rows);

    // The block keeps an observation repeated from the row before once: a new one shows as new
    // text. Where each observation first appears is what its check below names.
    uuids::List ids;
    ids.reserve(rows.size());
    QList<std::pair<qsizetype, QString>> observations;
    // Each observation's new bytes, to refuse a total central could not hold (CONTRACT §6).
    QList<FileBytes> bytes;
    {
        RowBlock::Row row;
        const char *lastObservation = nullptr;
        QHash<QString, qsizetype> seen;
        qsizetype current = -1;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            rows.read(r, row);
            ids.append(row[0].text);
            if (row[1].text.data() != lastObservation) {
                lastObservation = row[1].text.data();
                QString observation = row[1].toString();
                current = seen.value(observation, -1);
                if (current < 0) {
                    current = observations.size();
                    seen.insert(observation, current);
                    observations.append({r, std::move(observation)});
                    bytes.append(FileBytes{});
                }
            }
            FileBytes &sum = bytes[current];
            if (qAddOverflow(sum.added, row[kSizeColumn].integer, &sum.added))
                return tooManyBytes(bulk, r, row[kSizeColumn].integer, observations[current].second,
                                    std::nullopt);
            sum.last = r;
        }
    }
    QSet<QString> explicitIds;
    for (const qsizetype i : std::as_const(first.explicitIds)) {
        const QString id = ids.at(i);
        if (explicitIds.contains(id))
            return invalid(QStringLiteral("%1.id: %2 appears twice in this request")
                               .arg(bulk ? QStringLiteral("[%1]").arg(i) : QString(), id));
        explicitIds.insert(id);
    }
    const bool anyExplicitId = !explicitIds.isEmpty();

    auto committed = commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        for (const auto &[i, observation] : observations)
            if (!reader.record(schema::kObservation, observation)) {
                const QString where = bulk ? QStringLiteral("[%1].").arg(i) : QString();
                return invalid(QStringLiteral("%1executed_obs_unit_id: no executed observation %2")
                                   .arg(where, observation));
            }
        for (qsizetype o = 0; o < observations.size(); ++o) {
            auto stored =
                storedBytesIfLarge(m_buffer.database(), observations[o].second, bytes[o].added);
            if (!stored)
                return stored.error();
            qint64 total = 0;
            const std::optional<qint64> held = stored.value();
            if (held && qAddOverflow(*held, bytes[o].added, &total)) {
                const qsizetype r = bytes[o].last;
                return tooManyBytes(bulk, r, rows.row(r)[kSizeColumn].integer,
                                    observations[o].second, *held);
            }
        }
        if (anyExplicitId) {
            // The same files sent again with the same ids: answer as the first time, write nothing.
            if (const auto first = reader.record(schema::kFile, ids.at(0))) {
                for (qsizetype i = 0; i < rows.size(); ++i) {
                    const auto stored = i == 0 ? first : reader.record(schema::kFile, ids.at(i));
                    if (!stored || !rawdatafile::sameFile(rows.variantRow(i), *stored))
                        return conflict(QStringLiteral("%1id: %2 was already registered%3")
                                            .arg(bulk ? QStringLiteral("[%1].").arg(i) : QString(),
                                                 ids.at(i),
                                                 stored ? QStringLiteral(" with other content")
                                                        : QStringLiteral(" in another request for "
                                                                         "%1 of these files")
                                                              .arg(ids.at(0))));
                }
                const auto origin = reader.origin(schema::kFile, ids.at(0));
                return Plan{std::nullopt,
                            Ack{bulk ? QString() : ids.at(0),
                                origin ? origin->transactionId : QString(),
                                bulk ? ids : uuids::List(), true},
                            {},
                            {},
                            {}};
            }
        }
        Plan plan;
        const RowBlock::Row firstRow = rows.row(0);
        const QString firstObservation = firstRow[1].toString();
        plan.builder.emplace(
            bulk ? QStringLiteral("register_files") : QStringLiteral("register_file"),
            rows.size() == 1 ? QStringLiteral("Register file %1").arg(firstRow[3].toString())
                             : QStringLiteral("Register %1 files for observation %2")
                                   .arg(rows.size())
                                   .arg(sid(firstObservation)),
            actor, now);
        plan.builder->bulkCreate(schema::kFile, rawdatafile::columns(), rows,
                                 QStringLiteral("create_files"));
        plan.ack.id = bulk ? QString() : ids.at(0);
        if (bulk)
            plan.ack.ids = ids;
        return plan;
    });
    // The buffer's UNIQUE (observation, path) refused the bulk. If the clash is inside the request
    // itself, that is the client's list to fix (422), not a conflict with stored state; looked
    // for only now, so the common path carries no per-file hashing.
    if (!committed && committed.error().kind == ErrorKind::Conflict && bulk) {
        QHash<QString, qsizetype> seen;
        RowBlock::Row row;
        for (qsizetype i = 0; i < rows.size(); ++i) {
            rows.read(i, row);
            const QString key = row[1].toString() + QLatin1Char('\n') + row[3].toString();
            if (const auto earlier = seen.constFind(key); earlier != seen.cend())
                return invalid(
                    QStringLiteral("[%1].relative_path: \"%2\" appears twice for observation %3 "
                                   "(also at [%4])")
                        .arg(i)
                        .arg(row[3].toString(), row[1].toString())
                        .arg(*earlier));
            seen.insert(key, i);
        }
    }
    return committed;
}

Result<Ack> Operations::createPackage(const QJsonObject &body, const QString &actor)
{
    auto request = rawdatapackage::parseCreate(body);
    if (!request)
        return request.error();
    const QString hash = requestHash(body, {{QStringLiteral("file_ids"), QJsonArray{}}});
    return commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        if (auto repeated = repeatedCreate(reader, schema::kPackage, request->id, hash))
            return repeated->ok() ? Result<Plan>(Plan{std::nullopt, repeated->value(), {}, {}, {}})
                                  : Result<Plan>(repeated->error());
        if (!reader.record(schema::kObservation, request->observationId))
            return invalid(QStringLiteral("executed_obs_unit_id: no executed observation %1")
                               .arg(request->observationId));
        const QJsonArray sameName =
            reader.select(schema::kPackage, QStringLiteral("name = ?"), {request->name});
        if (!sameName.isEmpty())
            return conflict(
                QStringLiteral("name: a raw data package named \"%1\" already exists (%2)")
                    .arg(request->name, sameName.first().toObject().value(kId).toString()));
        QHash<QString, QJsonObject> files;
        for (const QString &fileId : std::as_const(request->fileIds))
            if (auto file = reader.record(schema::kFile, fileId))
                files.insert(fileId, *file);
        auto total =
            rawdatapackage::checkMembers(request.value(), files, m_settings.maxPackageBytes);
        if (!total)
            return total.error();

        Plan plan;
        plan.builder.emplace(QStringLiteral("create_package"),
                             QStringLiteral("Create package %1 with %2 %3")
                                 .arg(request->name)
                                 .arg(request->fileIds.size())
                                 .arg(request->fileIds.size() == 1 ? QStringLiteral("file")
                                                                   : QStringLiteral("files")),
                             actor, now);
        QJsonObject values{{QStringLiteral("name"), request->name},
                           {QStringLiteral("executed_obs_unit_id"), request->observationId},
                           {QStringLiteral("instrument_module"), request->module},
                           {QStringLiteral("status"), QStringLiteral("building")},
                           {QStringLiteral("transfer_state"), QJsonValue::Null},
                           {QStringLiteral("total_size_bytes"), total.value()},
                           {QStringLiteral("file_count"), request->fileIds.size()},
                           {QStringLiteral("finalized_at"), QJsonValue::Null},
                           {QStringLiteral("created_at"), now},
                           {QStringLiteral("updated_at"), now}};
        if (!request->id.isEmpty())
            values.insert(kId, request->id);
        plan.ack.id =
            plan.builder->create(schema::kPackage, values, QStringLiteral("create_package"));
        if (!request->fileIds.isEmpty())
            plan.builder->bulkUpdate(
                schema::kFile, request->fileIds,
                {{QStringLiteral("raw_data_package_id"),
                  TransactionBuilder::reference(QStringLiteral("create_package"))},
                 {QStringLiteral("updated_at"), now}},
                QStringLiteral("assign_files"),
                {{QStringLiteral("raw_data_package_id"), QJsonArray{QJsonValue::Null}}});
        plan.hashTable = schema::kPackage;
        plan.hashId = plan.ack.id;
        plan.hash = hash;
        return plan;
    });
}

Result<Ack> Operations::finalizePackage(const QString &id, const QString &actor)
{
    return commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        const auto package = reader.record(schema::kPackage, id);
        if (!package)
            return notFound(QStringLiteral("id: no raw data package %1").arg(id));
        if (const QString problem = rawdatapackage::finalizeProblem(*package); !problem.isEmpty())
            return conflict(problem);
        Plan plan;
        plan.builder.emplace(QStringLiteral("finalize_package"),
                             QStringLiteral("Finalize package %1")
                                 .arg(package->value(QLatin1StringView("name")).toString()),
                             actor, now);
        plan.builder->update(schema::kPackage, id,
                             {{QString(kStatus), QStringLiteral("complete")},
                              {QStringLiteral("finalized_at"), now},
                              {QStringLiteral("updated_at"), now}},
                             QStringLiteral("finalize_package"),
                             {{QString(kStatus), QJsonArray{QStringLiteral("building")}}});
        plan.ack.id = id;
        return plan;
    });
}

Result<Ack> Operations::requestStaging(const QJsonObject &body, const QString &actor)
{
    auto request = stagingjob::parseStage(body);
    if (!request)
        return request.error();
    const QString hash = requestHash(body);
    return commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        if (auto repeated = repeatedCreate(reader, schema::kStagingJob, request->id, hash))
            return repeated->ok() ? Result<Plan>(Plan{std::nullopt, repeated->value(), {}, {}, {}})
                                  : Result<Plan>(repeated->error());
        for (qsizetype i = 0; i < request->packageIds.size(); ++i) {
            const auto package = reader.record(schema::kPackage, request->packageIds[i]);
            if (!package)
                return invalid(QStringLiteral("raw_data_package_ids[%1]: no raw data package %2")
                                   .arg(i)
                                   .arg(request->packageIds[i]));
            const QString status = package->value(kStatus).toString();
            if (status != QLatin1StringView("complete"))
                return conflict(QStringLiteral("raw_data_package_ids[%1]: package %2 is %3; only "
                                               "complete packages can be staged")
                                    .arg(i)
                                    .arg(request->packageIds[i], status));
            // A double Enter, or automation retrying without an id, must not stage twice.
            QSqlQuery active(m_buffer.database());
            active.prepare(QStringLiteral(
                "SELECT j.id, j.status FROM staging_job j JOIN staging_job_package l ON "
                "l.staging_job_id = j.id WHERE l.raw_data_package_id = ? AND j.destination = ? AND "
                "j.status IN ('pending', 'scheduled', 'in_progress') LIMIT 1"));
            active.addBindValue(request->packageIds[i]);
            active.addBindValue(request->destination);
            if (auto ran = sql::exec(active, QStringLiteral("staging_job")); !ran)
                return ran.error();
            if (active.next())
                return conflict(QStringLiteral("raw_data_package_ids[%1]: package %2 already has "
                                               "staging job %3 (%4) to %5")
                                    .arg(i)
                                    .arg(request->packageIds[i], active.value(0).toString(),
                                         active.value(1).toString(), request->destination));
        }
        Plan plan;
        plan.builder.emplace(QStringLiteral("request_staging"),
                             QStringLiteral("Stage %1 %2 to %3")
                                 .arg(request->packageIds.size())
                                 .arg(request->packageIds.size() == 1 ? QStringLiteral("package")
                                                                      : QStringLiteral("packages"),
                                      request->destination),
                             actor, now);
        QJsonObject values{{QStringLiteral("destination"), request->destination},
                           {QString(kStatus), QStringLiteral("pending")},
                           {QStringLiteral("requested_by"), actor},
                           {QStringLiteral("reason"), request->reason.isEmpty()
                                                          ? QJsonValue(QJsonValue::Null)
                                                          : QJsonValue(request->reason)},
                           {QStringLiteral("cancelled_by"), QJsonValue::Null},
                           {QStringLiteral("cancel_reason"), QJsonValue::Null},
                           {QStringLiteral("retry_count"), 0},
                           {QStringLiteral("error_message"), QJsonValue::Null},
                           {QStringLiteral("created_at"), now},
                           {QStringLiteral("updated_at"), now}};
        if (!request->id.isEmpty())
            values.insert(kId, request->id);
        plan.ack.id =
            plan.builder->create(schema::kStagingJob, values, QStringLiteral("create_job"));
        QList<QVariantList> links;
        for (const QString &packageId : std::as_const(request->packageIds))
            links.append(QVariantList{plan.ack.id, packageId, now, now});
        plan.builder->bulkCreate(schema::kStagingJobPackage,
                                 {QStringLiteral("staging_job_id"),
                                  QStringLiteral("raw_data_package_id"),
                                  QStringLiteral("created_at"), QStringLiteral("updated_at")},
                                 links, QStringLiteral("link_packages"));
        plan.hashTable = schema::kStagingJob;
        plan.hashId = plan.ack.id;
        plan.hash = hash;
        return plan;
    });
}

Result<Ack> Operations::cancelStaging(const QString &id, const QString &reason,
                                      const QString &actor, bool reasonRequired)
{
    if (reasonRequired && reason.trimmed().isEmpty())
        return invalid(QStringLiteral("reason: a reason is required to cancel a staging job"));
    return commit([&](const QString &now) -> Result<Plan> {
        MergedReader reader(m_buffer.database());
        const auto job = reader.record(schema::kStagingJob, id);
        if (!job)
            return notFound(QStringLiteral("id: no staging job %1").arg(id));
        const QString status = job->value(kStatus).toString();
        if (!stagingjob::canCancel(status))
            return conflict(
                QStringLiteral("staging job %1 is already %2; only a pending, scheduled "
                               "or in-progress job can be cancelled")
                    .arg(id, status));
        const QJsonValue why = reason.trimmed().isEmpty() ? QJsonValue(QJsonValue::Null)
                                                          : QJsonValue(reason.trimmed());
        Plan plan;
        plan.builder.emplace(
            QStringLiteral("cancel_staging"),
            QStringLiteral("Cancel staging job %1 to %2")
                .arg(sid(id), job->value(QLatin1StringView("destination")).toString()),
            actor, now);
        plan.builder->update(
            schema::kStagingJob, id,
            {{QString(kStatus), QStringLiteral("cancelled")},
             {QStringLiteral("cancelled_by"), actor},
             {QStringLiteral("cancel_reason"), why},
             {QStringLiteral("updated_at"), now}},
            QStringLiteral("cancel_job"),
            {{QString(kStatus), QJsonArray::fromStringList(stagingjob::kCancellable)}});
        plan.builder->create(schema::kOperatorAction,
                             {{QStringLiteral("actor"), actor},
                              {QStringLiteral("action"), QStringLiteral("cancel_staging")},
                              {QStringLiteral("target_table"), QString(schema::kStagingJob)},
                              {QStringLiteral("target_id"), id},
                              {QStringLiteral("reason"), why},
                              {QStringLiteral("site"), m_settings.site},
                              {QStringLiteral("created_at"), now},
                              {QStringLiteral("updated_at"), now}},
                             QStringLiteral("audit"));
        plan.ack.id = id;
        return plan;
    });
}

} // namespace ops
