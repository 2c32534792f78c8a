#pragma once

#include "buffer.h"
#include "clock.h"
#include "rawdatafile.h"
#include "result.h"
#include "transactionbuilder.h"
#include "uuids.h"

#include <functional>
#include <optional>

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace ops {

/// What a critical operation answers once its transaction is durably in the buffer.
struct Ack
{
    QString id;
    QString transactionId;
    uuids::List ids;       ///< bulk registration: every file id, in request order
    bool repeated = false; ///< a safe retry of an earlier identical create: nothing was written
};

/// Where this console stands, as the operations need it.
struct SiteSettings
{
    QString site = QStringLiteral("ccat");
    qint64 maxPackageBytes = 53687091200;
};

/// The critical operations of CONTRACT §3. Each one checks its rules against the merged state,
/// builds one transaction, and commits it together with its effect on the merged state in one
/// SQLite transaction; only then does it answer. A refusal changes nothing.
class Operations final
{
public:
    Operations(Buffer &buffer, SiteSettings settings, const Clock &clock = Clock::system());

    Result<Ack> startObservation(const QJsonObject &body, const QString &actor);
    Result<Ack> finishObservation(const QString &id, const QJsonObject &body, const QString &actor);
    Result<Ack> registerFile(const QJsonObject &body, const QString &actor);
    Result<Ack> registerFiles(const QJsonArray &body, const QString &actor);
    /// The same from the text of a JSON list that strictjson::check() accepted (the REST bulk
    /// route): each file is read by itself, so a 100,000-file body is never one document in
    /// memory, and reading them is shared across the cores. A file with a field not in
    /// `knownFields` is refused, naming it. The text is let go once every file is read, before
    /// the write: pass it moved, and a 22 MB body is not held while its rows are written.
    Result<Ack> registerFiles(QByteArray list, const QStringList &knownFields,
                              const QString &actor);
    Result<Ack> createPackage(const QJsonObject &body, const QString &actor);
    Result<Ack> finalizePackage(const QString &id, const QString &actor);
    Result<Ack> requestStaging(const QJsonObject &body, const QString &actor);
    /// `reasonRequired`: the desktop insists on a reason; automation may omit it.
    Result<Ack> cancelStaging(const QString &id, const QString &reason, const QString &actor,
                              bool reasonRequired = false);

    static constexpr int kMaxBulkFiles = 100000;

private:
    struct Plan;
    /// Runs `plan` inside one buffer write: it checks the rules against the merged state and
    /// fills a builder; the transaction is then appended to the outbox and applied to the merged
    /// state before the single commit.
    Result<Ack> commit(const std::function<Result<Plan>(const QString &now)> &plan);
    /// The i-th file of a request, or why it cannot be read. Called from two threads at once for
    /// a large bulk.
    using FileAt = std::function<Result<QJsonValue>(qsizetype index)>;
    /// The i-th file read straight from the request's text into `rows` (rawdatafile::parseText),
    /// or NotRead when that fast reading does not cover it and fileAt() is asked instead.
    using TextRowAt = std::function<rawdatafile::TextReading(
        qsizetype index, QByteArrayView acceptedUtf8, RowBlock &rows)>;
    /// `afterReading` runs once every file is read, before the write.
    Result<Ack> registerRows(qsizetype count, const FileAt &fileAt, bool bulk, const QString &actor,
                             const TextRowAt &textRowAt = {},
                             const std::function<void()> &afterReading = {});

    Buffer &m_buffer;
    SiteSettings m_settings;
    const Clock &m_clock;
};

/// SHA-256 of the canonical JSON of a create request: the same request sent again hashes alike.
/// A key whose value equals its entry in `defaults` counts as left out.
QString requestHash(const QJsonObject &body, const QJsonObject &defaults = {});

} // namespace ops
