#include "strictjson.h"

#include "jsonspans.h"

#include <QString>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace ops::strictjson {

namespace {

/// One level of the path to the value being read: a key of an object or an index of a list.
struct Frame
{
    std::string key; // empty for a list element
    qsizetype index = -1;
};

class Checker
{
public:
    explicit Checker(QByteArrayView body)
        : m_p(reinterpret_cast<const unsigned char *>(body.data())), m_begin(m_p),
          m_end(m_p + body.size())
    {}

    std::optional<Error> run()
    {
        skipSpace();
        if (!value(0))
            return m_syntax;
        skipSpace();
        if (m_p != m_end)
            return syntax("unexpected text after the JSON value");
        return m_unstorable;
    }

private:
    const unsigned char *m_p;
    const unsigned char *m_begin;
    const unsigned char *m_end;
    std::vector<Frame> m_path;
    std::optional<Error> m_syntax;
    std::optional<Error> m_unstorable;

    bool syntaxFail(const char *what)
    {
        m_syntax = syntax(what);
        return false;
    }
    Error syntax(const char *what) const
    {
        return Error{ErrorKind::BadRequest, QStringLiteral("body: malformed JSON at offset %1: %2")
                                                .arg(m_p - m_begin)
                                                .arg(QString::fromLatin1(what))};
    }
    QString where() const
    {
        QString path;
        for (const Frame &f : m_path) {
            if (f.index >= 0) {
                path += QStringLiteral("[%1]").arg(f.index);
            } else {
                if (!path.isEmpty())
                    path += QLatin1Char('.');
                path += QString::fromUtf8(f.key.data(), static_cast<qsizetype>(f.key.size()));
            }
        }
        return path.isEmpty() ? QStringLiteral("body") : path;
    }
    void unstorable(const char *what, const char *why = "central cannot store")
    {
        if (!m_unstorable)
            m_unstorable =
                invalid(QStringLiteral("%1: contains %2, which %3")
                            .arg(where(), QString::fromLatin1(what), QString::fromLatin1(why)));
    }
    /// U+FFFE and U+FFFF: SQLite turns them into U+FFFD whenever it hands text out as UTF-16,
    /// as QtSql reads it, so the buffer would answer with other text than it took (and a safe
    /// retry would differ from what was stored).
    void noncharacter(char32_t code)
    {
        if (code == 0xFFFE || code == 0xFFFF)
            unstorable(code == 0xFFFE ? "the noncharacter U+FFFE" : "the noncharacter U+FFFF",
                       "the console's buffer cannot read back");
    }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool literal(std::string_view word)
    {
        if (static_cast<size_t>(m_end - m_p) < word.size() ||
            std::string_view(reinterpret_cast<const char *>(m_p), word.size()) != word)
            return syntaxFail("unknown literal");
        m_p += word.size();
        return true;
    }

    bool value(int depth)
    {
        if (m_p == m_end)
            return syntaxFail("unexpected end of the body");
        switch (*m_p) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"':
            return string(nullptr);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    bool digits()
    {
        const unsigned char *start = m_p;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return m_p != start;
    }

    bool number()
    {
        const unsigned char *start = m_p;
        if (m_p != m_end && *m_p == '-')
            ++m_p;
        if (m_p == m_end || *m_p < '0' || *m_p > '9')
            return syntaxFail("expected a value");
        if (*m_p == '0')
            ++m_p; // no leading zeros
        else
            digits();
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return syntaxFail("expected digits after the decimal point");
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return syntaxFail("expected digits in the exponent");
        }
        // Valid JSON, but a double cannot hold it (1e400, 1e-400): the parser behind this check
        // would call it malformed; it is a value out of range, named with its field.
        if (m_p - start > 15 || std::any_of(start, m_p, [](unsigned char c) {
                return c == 'e' || c == 'E' || c == '.';
            })) {
            const std::string text(reinterpret_cast<const char *>(start),
                                   static_cast<size_t>(m_p - start));
            errno = 0;
            const double value = std::strtod(text.c_str(), nullptr);
            if (errno == ERANGE && (value == 0 || std::isinf(value)) && !m_unstorable)
                m_unstorable = invalid(QStringLiteral("%1: %2 is out of range: a number must lie "
                                                      "within ±1.7976931348623157e308 and not be "
                                                      "too small to tell from 0")
                                           .arg(where(), QString::fromLatin1(text)));
        }
        return true;
    }

    int hex4()
    {
        const int v = jsonspans::hex4(QByteArrayView(m_p, m_end));
        if (v >= 0)
            m_p += 4;
        return v;
    }

    /// Reads a string; when `decoded` is given, its UTF-8 value is stored there (for keys).
    bool string(std::string *decoded)
    {
        ++m_p; // opening quote
        for (;;) {
            const unsigned char *run = m_p;
            // The common bytes in one tight loop.
            while (m_p != m_end && *m_p >= 0x20 && *m_p != '"' && *m_p != '\\' && *m_p < 0x80)
                ++m_p;
            if (decoded)
                decoded->append(reinterpret_cast<const char *>(run), m_p - run);
            if (m_p == m_end)
                return syntaxFail("unterminated string");
            const unsigned char c = *m_p;
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return syntaxFail("control character in a string (escape it)");
            if (c == '\\') {
                if (!escape(decoded))
                    return false;
                continue;
            }
            if (!utf8Sequence(decoded))
                return false;
        }
    }

    bool escape(std::string *decoded)
    {
        ++m_p;
        if (m_p == m_end)
            return syntaxFail("unterminated escape");
        const unsigned char e = *m_p++;
        char plain = 0;
        switch (e) {
        case '"':
            plain = '"';
            break;
        case '\\':
            plain = '\\';
            break;
        case '/':
            plain = '/';
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u': {
            int unit = hex4();
            if (unit < 0)
                return syntaxFail("\\u must be followed by four hex digits");
            char32_t code = static_cast<char32_t>(unit);
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                const unsigned char *save = m_p;
                int low = -1;
                if (m_end - m_p >= 2 && m_p[0] == '\\' && m_p[1] == 'u') {
                    m_p += 2;
                    low = hex4();
                }
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                } else {
                    m_p = save;
                    unstorable("a lone UTF-16 surrogate");
                    code = 0xFFFD;
                }
            } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                unstorable("a lone UTF-16 surrogate");
                code = 0xFFFD;
            } else if (unit == 0) {
                unstorable("a NUL character (\\u0000)");
            }
            noncharacter(code);
            if (decoded) {
                const QString text = QString::fromUcs4(&code, 1);
                decoded->append(text.toStdString());
            }
            return true;
        }
        default:
            return syntaxFail("unknown escape in a string");
        }
        if (decoded)
            decoded->push_back(plain);
        return true;
    }

    /// One multi-byte UTF-8 character, checked strictly (no overlong forms, no encoded
    /// surrogates, nothing above U+10FFFF).
    bool utf8Sequence(std::string *decoded)
    {
        const unsigned char c = *m_p;
        int length = 0;
        char32_t min = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            return syntaxFail("invalid UTF-8");
        }
        if (m_end - m_p < length)
            return syntaxFail("invalid UTF-8");
        char32_t code = c & (0xFF >> (length + 1));
        for (int i = 1; i < length; ++i) {
            if ((m_p[i] & 0xC0) != 0x80)
                return syntaxFail("invalid UTF-8");
            code = (code << 6) | (m_p[i] & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return syntaxFail("invalid UTF-8");
        noncharacter(code);
        if (decoded)
            decoded->append(reinterpret_cast<const char *>(m_p), length);
        m_p += length;
        return true;
    }

    bool object(int depth)
    {
        if (depth > kMaxDepth)
            return syntaxFail("nested too deeply");
        ++m_p;
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        std::vector<std::string> keys; // few keys: a linear search beats hashing
        std::unordered_set<std::string> manyKeys;
        m_path.push_back(Frame{});
        for (;;) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                return syntaxFail("expected a key in double quotes");
            std::string key;
            if (!string(&key))
                return false;
            bool repeated = false;
            if (keys.size() < 16) {
                for (const std::string &k : keys)
                    repeated = repeated || k == key;
                keys.push_back(key);
                if (keys.size() == 16)
                    manyKeys.insert(keys.begin(), keys.end());
            } else {
                repeated = !manyKeys.insert(key).second;
            }
            m_path.back().key = key;
            if (repeated) {
                m_syntax =
                    Error{ErrorKind::BadRequest,
                          QStringLiteral("%1: the key appears twice in one object").arg(where())};
                return false;
            }
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return syntaxFail("expected ':' after a key");
            ++m_p;
            skipSpace();
            if (!value(depth))
                return false;
            skipSpace();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p != m_end && *m_p == '}') {
                ++m_p;
                m_path.pop_back();
                return true;
            }
            return syntaxFail("expected ',' or '}'");
        }
    }

    bool array(int depth)
    {
        if (depth > kMaxDepth)
            return syntaxFail("nested too deeply");
        ++m_p;
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        m_path.push_back(Frame{{}, 0});
        for (;;) {
            skipSpace();
            if (!value(depth))
                return false;
            skipSpace();
            if (m_p != m_end && *m_p == ',') {
                ++m_p;
                ++m_path.back().index;
                continue;
            }
            if (m_p != m_end && *m_p == ']') {
                ++m_p;
                m_path.pop_back();
                return true;
            }
            return syntaxFail("expected ',' or ']'");
        }
    }
};

} // namespace

std::optional<Error> check(QByteArrayView body)
{
    return Checker(body).run();
}

} // namespace ops::strictjson
