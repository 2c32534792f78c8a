#include "apidocs.h"

namespace ops::apidocs {

QByteArray page()
{
    return QByteArrayLiteral(R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>opsconsole REST API</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 64em; color: #1b1b1b; }
h1 { font-size: 1.6em; } h2 { font-size: 1.1em; margin: 1.6em 0 .3em; font-family: monospace; }
.method { display: inline-block; min-width: 4.2em; font-weight: bold; }
.get { color: #0b5394; } .post { color: #38761d; } .put { color: #7f6000; } .delete { color: #990000; }
table { border-collapse: collapse; margin: .3em 0 .8em; } td, th { border: 1px solid #ccc; padding: .2em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } code { background: #f3f3f3; padding: 0 .2em; }
.scope { color: #555; }
</style>
</head>
<body>
<h1>opsconsole REST API</h1>
<p>Every write is committed to the console's local buffer and acknowledged at once; it reaches
central in the background, exactly once. The machine-readable description is
<a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3). Errors are
<code>{"detail": "..."}</code> naming the field and the value.</p>
<div id="routes">Loading <code>/openapi.json</code>…</div>
<script>
"use strict";
function text(tag, content, cls) {
  const e = document.createElement(tag);
  e.textContent = content;
  if (cls) e.className = cls;
  return e;
}
function schemaText(s, doc) {
  if (!s) return "";
  if (s.$ref) return s.$ref.split("/").pop();
  if (s.type === "array") return "list of " + schemaText(s.items, doc);
  let t = s.type || "";
  if (s.format) t += " (" + s.format + ")";
  if (s.enum) t += ": " + s.enum.join(" | ");
  if (s.minimum !== undefined) t += ", ≥ " + s.minimum;
  if (s.maximum !== undefined) t += ", ≤ " + s.maximum;
  return t;
}
fetch("/openapi.json").then(r => r.json()).then(doc => {
  const root = document.getElementById("routes");
  root.textContent = "";
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const h = document.createElement("h2");
      h.appendChild(text("span", method.toUpperCase(), "method " + method));
      h.appendChild(document.createTextNode(" " + path));
      root.appendChild(h);
      root.appendChild(text("p", op.summary || ""));
      if (op.description) root.appendChild(text("p", op.description, "scope"));
      const body = op.requestBody && op.requestBody.content["application/json"].schema;
      const fields = body && (body.type === "array" ? body.items : body);
      if (fields && fields.properties) {
        const table = document.createElement("table");
        const head = table.insertRow();
        ["field", "type", "required"].forEach(h => head.appendChild(text("th", h)));
        for (const [name, s] of Object.entries(fields.properties)) {
          const row = table.insertRow();
          row.insertCell().appendChild(text("code", name));
          row.insertCell().textContent = schemaText(s, doc);
          row.insertCell().textContent = (fields.required || []).includes(name) ? "yes" : "";
        }
        if (body.type === "array") root.appendChild(text("p", "The body is a list of:"));
        root.appendChild(table);
      }
      const codes = Object.entries(op.responses).map(([code, r]) => code + " " + r.description);
      root.appendChild(text("p", "Answers: " + codes.join("; ") + "."));
    }
  }
}).catch(e => { document.getElementById("routes").textContent = "Cannot read /openapi.json: " + e; });
</script>
</body>
</html>
)html");
}

} // namespace ops::apidocs
