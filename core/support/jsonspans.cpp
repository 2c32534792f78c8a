#include "jsonspans.h"

#include <cstring>

namespace ops::jsonspans {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

qsizetype skipSpace(QByteArrayView text, qsizetype p)
{
    while (p < text.size() && isSpace(text[p]))
        ++p;
    return p;
}

/// Calls `each(start, end)` for every item between the brackets `open`...`close` that `text`
/// starts with (after spacing); false when it does not start with `open`.
template <typename Each> bool forEachItem(QByteArrayView text, char open, Each each)
{
    qsizetype p = skipSpace(text, 0);
    if (p == text.size() || text[p] != open)
        return false;
    ++p;
    for (;;) {
        p = skipSpace(text, p);
        if (p >= text.size() || text[p] == ']' || text[p] == '}')
            return true;
        p = each(p);
        p = skipSpace(text, p);
        if (p < text.size() && text[p] == ',')
            ++p;
    }
}

/// The position of the quote that closes the string whose text starts at `p`, or text.size().
/// Found with memchr (the checksums and paths of a bulk are most of its bytes), stepping over
/// each escaped character.
qsizetype closingQuote(QByteArrayView text, qsizetype p)
{
    const char *data = text.data();
    const qsizetype size = text.size();
    while (p < size) {
        const auto *quote = static_cast<const char *>(std::memchr(data + p, '"', size - p));
        const qsizetype end = quote ? quote - data : size;
        const auto *escape = static_cast<const char *>(std::memchr(data + p, '\\', end - p));
        if (!escape)
            return end;
        p = escape - data + 2;
    }
    return size;
}

} // namespace

int hex4(QByteArrayView digits)
{
    if (digits.size() < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = digits[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

qsizetype skipValue(QByteArrayView text, qsizetype p)
{
    int depth = 0;
    for (; p < text.size(); ++p) {
        const char c = text[p];
        if (c == '"') {
            // Skipped whole: a bracket or comma inside a string does not count.
            p = closingQuote(text, p + 1);
            if (depth == 0)
                return p + 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return p; // the end of the list or object holding a number or literal
            if (--depth == 0)
                return p + 1;
        } else if (depth == 0 && (c == ',' || isSpace(c))) {
            return p;
        }
    }
    return p;
}

std::optional<QList<QByteArrayView>> listElements(QByteArrayView text)
{
    QList<QByteArrayView> elements;
    const bool isList = forEachItem(text, '[', [&](qsizetype start) {
        const qsizetype end = skipValue(text, start);
        elements.append(text.sliced(start, end - start));
        return end;
    });
    if (!isList)
        return std::nullopt;
    return elements;
}

std::optional<QList<Member>> objectMembers(QByteArrayView text)
{
    QList<Member> members;
    const bool isObject = forEachItem(text, '{', [&](qsizetype start) {
        const qsizetype keyEnd = skipValue(text, start);
        qsizetype p = skipSpace(text, keyEnd);
        if (p < text.size() && text[p] == ':')
            ++p;
        p = skipSpace(text, p);
        const qsizetype end = skipValue(text, p);
        members.append({text.sliced(start + 1, std::max<qsizetype>(keyEnd - start - 2, 0)),
                        text.sliced(p, end - p), text.sliced(start, end - start)});
        return end;
    });
    if (!isObject)
        return std::nullopt;
    return members;
}

} // namespace ops::jsonspans
