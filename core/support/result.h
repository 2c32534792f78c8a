#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace ops {

/// Why an operation was refused. Each kind maps to one HTTP status in the REST layer and to a
/// sentence for the operator in the UI; core itself never talks HTTP.
enum class ErrorKind
{
    BadRequest,   ///< malformed input that is not even JSON of the right shape (400)
    Unauthorized, ///< missing or unknown token (401)
    Forbidden,    ///< token lacks the scope (403)
    NotFound,     ///< unknown id (404)
    Conflict,     ///< not allowed in the record's current state, or id reused (409)
    TooLarge,     ///< body over the limit (413)
    Invalid,      ///< a field is missing, of the wrong type or out of range (422)
    Unavailable,  ///< the buffer itself cannot be written (503)
};

/// A refusal: what kind, and a message that names the field and the value.
struct Error
{
    ErrorKind kind = ErrorKind::Invalid;
    QString message;
};

inline Error invalid(QString message)
{
    return {ErrorKind::Invalid, std::move(message)};
}
inline Error conflict(QString message)
{
    return {ErrorKind::Conflict, std::move(message)};
}
inline Error notFound(QString message)
{
    return {ErrorKind::NotFound, std::move(message)};
}
inline Error unavailable(QString message)
{
    return {ErrorKind::Unavailable, std::move(message)};
}

/// Value or Error. Core operations return this instead of throwing: no exception crosses a
/// thread, signal or library boundary.
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T *operator->() const { return &std::get<T>(m_data); }
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation that has no value to return.
struct Done
{
};
using Status = Result<Done>;
inline Status success()
{
    return Done{};
}

} // namespace ops
