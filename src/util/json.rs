//! JSON written inside a `<script>` element.

/// JSON that cannot end its `<script>` element or open a comment in it: `<`, `>` and `&` only
/// occur inside JSON strings, where `\u003c` and friends mean the same characters.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
