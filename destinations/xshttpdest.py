"""Reading and writing SAP HANA XS ``.xshttpdest`` files. Pure: no Django here.

The format is a list of ``key = value;`` statements::

    // comments like this, /* like this */, and lines starting with #
    host = "api.github.com";
    port = 443;
    useSSL = true;
    authType = none;
    samlNameId = ["email"];

``parse`` reads a file into the keys it holds, or raises ``XsHttpDestError`` with the
line and column of the first problem. ``destination_values`` fills in the defaults and
folds the legacy ``useProxy`` key into ``proxyType``. ``dump`` writes a file the XS
engine reads. ``validate`` checks the values' meaning (a host name, a port in range, a
proxy that is complete); ``validate_package``/``validate_name``/``split_path`` handle
where a destination lives (package ``debugging.github``, name ``github``).

Lines and columns are 1-based and count characters (a tab is one column); a byte-order
mark at the start is skipped and not counted.
"""

from __future__ import annotations

import bisect
import difflib
import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Key:
    """One key of the format: its name in the file and its attribute in Python."""

    name: str  # as written in the file, e.g. "useSSL"
    attr: str  # snake_case attribute, e.g. "use_ssl"
    kind: str  # "string" | "int" | "bool" | "enum" | "list"
    choices: tuple[str, ...] = ()
    default: object = None  # the list default is shared: copy it before changing it
    example: str = ""  # a value as written in the file, for messages


def _keys(*keys: Key) -> dict[str, Key]:
    return {key.name: key for key in keys}


# Canonical writing order.
KEYS: dict[str, Key] = _keys(
    Key("host", "host", "string", default="", example='"api.github.com"'),
    Key("port", "port", "int", default=None, example="443"),
    Key("description", "description", "string", default="", example='"GitHub API"'),
    Key("useSSL", "use_ssl", "bool", default=False, example="true"),
    Key("sslHostCheck", "ssl_host_check", "bool", default=True, example="true"),
    Key("sslAuth", "ssl_auth", "enum", ("anonymous", "client"), default="anonymous", example="anonymous"),
    Key("pathPrefix", "path_prefix", "string", default="", example='"/repos"'),
    Key(
        "authType",
        "auth_type",
        "enum",
        ("none", "basic", "AssertionTicket", "SamlAssertion", "SamlAssertionPropagation"),
        default="none",
        example="none",
    ),
    Key("proxyType", "proxy_type", "enum", ("none", "http", "socks"), default="none", example="none"),
    Key("proxyHost", "proxy_host", "string", default="", example='"proxy"'),
    Key("proxyPort", "proxy_port", "int", default=None, example="8080"),
    Key("timeout", "timeout", "int", default=0, example="0"),
    Key("remoteSID", "remote_sid", "string", default="", example='"ABC"'),
    Key("remoteClient", "remote_client", "string", default="", example='"001"'),
    Key("samlProvider", "saml_provider", "string", default="", example='"idp"'),
    Key("samlACS", "saml_acs", "string", default="", example='"header"'),
    Key("samlAttributes", "saml_attributes", "string", default="", example='""'),
    Key("samlNameId", "saml_name_id", "list", default=[], example='["email"]'),
    Key("oAuthAppConfigPackage", "oauth_app_config_package", "string", default="", example='"debugging.github"'),
    Key("oAuthAppConfig", "oauth_app_config", "string", default="", example='"github"'),
    Key("useProxy", "use_proxy", "bool", default=None, example="true"),  # legacy, folded into proxyType
)
KEY_BY_ATTR: dict[str, Key] = {key.attr: key for key in KEYS.values()}

_ALWAYS_WRITTEN = (
    "host port description useSSL sslHostCheck sslAuth pathPrefix authType proxyType proxyHost proxyPort timeout"
).split()
HEADER = "// written by Trust Console"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INTEGER = re.compile(r"-?[0-9]+")
_BLANK = " \t\r\n\f\v"
# Characters that end a bare word or a key: blanks and the format's punctuation.
_DELIMITERS = set(_BLANK) | set('=;,[]{}"')
_LINE_BREAKS = ("\n", "\r")


class XsHttpDestError(ValueError):
    """A syntax error; ``str()`` is ``"line L, column C: message"``."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column


@dataclass
class ParsedFile:
    values: dict[str, object] = field(default_factory=dict)  # attr -> value, only keys present in the file
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # attr -> (line, column) of the key


@dataclass
class Problem:
    attr: str  # the attribute the problem is about; "" for the whole file
    message: str
    # "host_syntax": the host is a string but no host name (real files hold placeholders such
    # as "<TODO: ...>"); an import keeps such a file and says so, a form refuses it.
    code: str = field(default="", compare=False)


# --- reading -----------------------------------------------------------------------------------


class _Reader:
    """A cursor over the text that knows lines and columns and skips blanks and comments."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def error(self, message: str, offset: int) -> XsHttpDestError:
        return XsHttpDestError(message, *self.where(offset))

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def skip_blanks(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in _BLANK:
                self.pos += 1
            elif text.startswith("//", self.pos) or (char == "#" and self._first_on_line()):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self.error("unterminated comment: this /* has no closing */", self.pos)
                self.pos = end + 2
            else:
                return

    def _first_on_line(self) -> bool:
        line_start = self.line_starts[self.where(self.pos)[0] - 1]
        return self.text[line_start : self.pos].strip(_BLANK) == ""

    def word_end(self, start: int) -> int:
        """End of the run of non-delimiter characters from ``start`` (a key, word or number)."""
        end = start
        while end < len(self.text) and self.text[end] not in _DELIMITERS and not self.text.startswith(
            ("//", "/*"), end
        ):
            end += 1
        return end

    def clean_end(self, offset: int) -> bool:
        """Whether a value may end at ``offset``: a blank, ';', ',', ']', a comment or the end follows."""
        return (
            offset >= len(self.text)
            or self.text[offset] in _BLANK
            or self.text[offset] in ";,]"
            or self.text.startswith(("//", "/*"), offset)
        )

    def found(self, offset: int) -> str:
        """The token at ``offset``, for an error message."""
        if offset >= len(self.text):
            return "the end of the file"
        char = self.text[offset]
        if char == '"':
            end = offset + 1
            while end < len(self.text) and self.text[end] not in '"\n\r':
                end += 2 if self.text[end] == "\\" else 1
            return _shorten(self.text[offset : min(end + 1, len(self.text))].rstrip(_BLANK))
        end = self.word_end(offset)
        return _shorten(self.text[offset:end]) if end > offset else f"'{char}'"

    def raw_value(self, offset: int) -> str:
        """What was written as a value: the text up to the next ';' or line break, for an error message."""
        end = offset
        while end < len(self.text) and self.text[end] not in ";\n\r":
            end += 1
        raw = self.text[offset:end].rstrip(_BLANK)
        return _shorten(raw) if raw else self.found(offset)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choices(key: Key) -> str:
    return ", ".join(key.choices)


def _wrong_kind(key: Key, found: str) -> str:
    example = f"e.g. {key.name} = {key.example};"
    if key.kind == "string":
        what = "a quoted string"
    elif key.kind == "int":
        what = "a whole number"
    elif key.kind == "bool":
        what = "true or false"
    elif key.kind == "enum":
        what = f"one of {_choices(key)} (a bare word, no quotes)"
    else:
        what = "a list of quoted strings"
    return f"{key.name} takes {what}, {example} found {found}"


def _read_string(reader: _Reader) -> str:
    """A double-quoted string at the cursor; ``\\"`` and ``\\\\`` are its only escapes, and it stays on one line."""
    text, start = reader.text, reader.pos
    chars = []
    index = start + 1
    while True:
        if index >= len(text) or text[index] in _LINE_BREAKS:
            raise reader.error('unterminated string: this " has no closing " on its line', start)
        char = text[index]
        if char == '"':
            reader.pos = index + 1
            return "".join(chars)
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following not in ('"', "\\"):
                shown = following if following and following not in _LINE_BREAKS else ""
                raise reader.error(
                    f"unknown escape \\{shown} in a string: only \\\" (a quote) and \\\\ (a backslash) are allowed",
                    index,
                )
            chars.append(following)
            index += 2
            continue
        chars.append(char)
        index += 1


def _read_list(reader: _Reader, key: Key) -> list[str]:
    start = reader.pos
    reader.pos += 1
    items: list[str] = []
    reader.skip_blanks()
    if reader.peek() == "]":
        reader.pos += 1
        return items
    while True:
        if reader.at_end():
            raise reader.error(f"unterminated list: this [ of {key.name} has no closing ]", start)
        if reader.peek() != '"':
            raise reader.error(_wrong_kind(key, reader.found(reader.pos)), reader.pos)
        items.append(_read_string(reader))
        reader.skip_blanks()
        char = reader.peek()
        if char == "]":
            reader.pos += 1
            return items
        if char != ",":
            if reader.at_end():
                raise reader.error(f"unterminated list: this [ of {key.name} has no closing ]", start)
            raise reader.error(
                f"expected ',' or ']' in the list of {key.name}, found {reader.found(reader.pos)}", reader.pos
            )
        reader.pos += 1
        reader.skip_blanks()
        if reader.peek() == "]":
            raise reader.error(f"expected a quoted string after ',' in the list of {key.name}, found ']'", reader.pos)


def _read_value(reader: _Reader, key: Key) -> object:
    text, start = reader.text, reader.pos
    char = reader.peek()
    if char == '"':
        value: object = _read_string(reader)
        kind = "string"
    elif char == "[":
        value = _read_list(reader, key)
        kind = "list"
    elif match := _INTEGER.match(text, start):
        value, kind = int(match.group()), "int"
        reader.pos = match.end()
    elif match := _IDENTIFIER.match(text, start):
        value, kind = match.group(), "word"
        reader.pos = match.end()
    else:
        raise reader.error(_wrong_kind(key, reader.raw_value(start)), start)
    if not reader.clean_end(reader.pos):  # e.g. http://localhost, 443abc
        raise reader.error(_wrong_kind(key, reader.raw_value(start)), start)
    written = text[start : reader.pos]
    if key.kind == kind:
        return value
    if kind == "word" and key.kind == "bool" and value in ("true", "false"):
        return value == "true"
    if kind == "word" and key.kind == "enum":
        if value in key.choices:
            return value
        close = [c for c in key.choices if c.lower() == value.lower()] or difflib.get_close_matches(
            value, key.choices, n=1
        )
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise reader.error(f"{value} is not a valid {key.name}: choose one of {_choices(key)}{hint}", start)
    message = _wrong_kind(key, written)
    if kind == "string" and (
        (key.kind == "enum" and value in key.choices)
        or (key.kind == "bool" and value in ("true", "false"))
        or (key.kind == "int" and _INTEGER.fullmatch(str(value)))
    ):
        message += f" (write it without quotes: {key.name} = {value};)"
    raise reader.error(message, start)


def _unknown_key(word: str) -> str:
    by_lower = {name.lower(): name for name in KEYS}
    close = [by_lower[word.lower()]] if word.lower() in by_lower else difflib.get_close_matches(word, KEYS, n=1)
    if close:
        return f"unknown key {word} (did you mean {close[0]}?)"
    return f"unknown key {word}: the keys are {', '.join(KEYS)}"


def parse(text: str) -> ParsedFile:
    """Read an ``.xshttpdest`` file; raise ``XsHttpDestError`` at the first syntax error."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = _Reader(text)
    parsed = ParsedFile()
    reader.skip_blanks()
    if reader.peek() == "{":
        raise reader.error(
            'this looks like JSON, not an .xshttpdest file: it should hold lines like host = "api.github.com";',
            reader.pos,
        )
    if reader.at_end():
        raise XsHttpDestError("the file is empty: an .xshttpdest file needs at least host and port", 1, 1)
    while not reader.at_end():
        key_start = reader.pos
        key_end = reader.word_end(key_start)
        word = text[key_start:key_end]
        if not word:
            raise reader.error(f"expected a key such as host, found {reader.found(key_start)}", key_start)
        if word.startswith("#"):
            raise reader.error(
                f"expected a key such as host, found {word} (# starts a comment only at the start of a line; "
                "use // after a statement)",
                key_start,
            )
        if word not in KEYS:
            raise reader.error(_unknown_key(word), key_start)
        key = KEYS[word]
        if key.attr in parsed.values:
            line, _ = parsed.positions[key.attr]
            raise reader.error(f"duplicate key {word}: it is already set on line {line}", key_start)
        reader.pos = key_end
        reader.skip_blanks()
        if reader.peek() != "=":
            raise reader.error(f"expected '=' after {word}, found {reader.found(reader.pos)}", reader.pos)
        reader.pos += 1
        reader.skip_blanks()
        if reader.at_end():
            raise reader.error(_wrong_kind(key, "the end of the file"), reader.pos)
        parsed.values[key.attr] = _read_value(reader, key)
        parsed.positions[key.attr] = reader.where(key_start)
        value_end = reader.pos
        reader.skip_blanks()
        if reader.peek() != ";":
            # Reported where the ';' belongs, right after the value.
            raise reader.error(
                f"expected ';' after the value of {word}, found {reader.found(reader.pos)}", value_end
            )
        reader.pos += 1
        reader.skip_blanks()
    return parsed


def destination_values(parsed: ParsedFile) -> dict[str, object]:
    """Every attribute of ``KEYS``, defaults filled in; a legacy ``useProxy`` without ``proxyType`` sets it."""
    values = {key.attr: list(key.default) if key.kind == "list" else key.default for key in KEYS.values()}
    values.update({attr: list(v) if isinstance(v, list) else v for attr, v in parsed.values.items()})
    use_proxy = parsed.values.get("use_proxy")
    if use_proxy is not None and "proxy_type" not in parsed.values:
        values["proxy_type"] = "http" if use_proxy else "none"
    return values


# --- writing -----------------------------------------------------------------------------------


def _quoted(key: Key, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{key.name} must be a string to be written; got {value!r}")
    if "\n" in value or "\r" in value:
        raise ValueError(f"{key.name} cannot be written: an .xshttpdest string cannot hold a line break")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _literal(key: Key, value: object) -> str:
    if key.kind == "string":
        return _quoted(key, value)
    if key.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{key.name} must be a whole number to be written; got {value!r}")
        return str(value)
    if key.kind == "bool":
        return "true" if value else "false"
    if key.kind == "enum":
        if value not in key.choices:
            raise ValueError(f"{key.name} must be one of {_choices(key)} to be written; got {value!r}")
        return str(value)
    if isinstance(value, str) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key.name} must be a list of strings to be written; got {value!r}")
    return "[" + ", ".join(_quoted(key, item) for item in value) + "]"


def dump(values: dict[str, object]) -> str:
    """An ``.xshttpdest`` file for ``values`` (attr -> value; absent attrs take their defaults).

    LF endings, one ``key = value;`` per line in ``KEYS`` order. Optional keys (remoteSID,
    remoteClient, saml*, oAuth*) are written only when set; ``useProxy`` never (``proxyType``
    says it). Raises ``ValueError`` for a value that cannot be written (a missing port, a
    string with a line break, an enum word not among the choices): call ``validate`` first.
    """
    lines = [HEADER]
    for key in KEYS.values():
        if key.name == "useProxy":
            continue
        value = values.get(key.attr)
        if value is None:
            value = "" if key.kind == "string" else key.default
        if key.name == "proxyPort" and value is None:
            continue
        if key.name not in _ALWAYS_WRITTEN and not value:
            continue
        if value is None:
            raise ValueError(f"{key.name} is required to write the file")
        lines.append(f"{key.name} = {_literal(key, value)};")
    return "\n".join(lines) + "\n"


# --- meaning -----------------------------------------------------------------------------------

_PORT_NAMES = {"host": "port", "proxyHost": "proxyPort"}
_HOST_EXAMPLES = {"host": "api.github.com", "proxyHost": "proxy"}


def _url_problem(name: str, value: str) -> str:
    """host = "https://api.github.com/repos" -> what to write instead."""
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        try:
            url = urlsplit(value)
            hostname, port, path = url.hostname or "", url.port, url.path
        except ValueError:  # e.g. a port that is not a number
            hostname, port, path = "", None, ""
    else:
        scheme, port = "", None
        hostname, _, rest = value.partition("/")
        path = "/" + rest
    parts = [f'{name} = "{hostname or _HOST_EXAMPLES[name]}";']
    if port is not None:
        parts.append(f"{_PORT_NAMES[name]} = {port};")
    if name == "host" and scheme in ("http", "https"):
        parts.append(f"useSSL = {'true' if scheme == 'https' else 'false'};")
    if name == "host" and path not in ("", "/"):
        parts.append(f'pathPrefix = "{path}";')
    return f"{name} must be a host name, not a URL: write {' and '.join(parts)}"


def _host_problem(name: str, value: str) -> str | None:
    """A DNS name (RFC 1123: labels of letters, digits and hyphens, 1–63 characters, 253 in all) or an IP address."""
    if "://" in value or "/" in value:
        return _url_problem(name, value)
    try:
        ipaddress.ip_address(value)
        return None
    except ValueError:
        pass
    if value.startswith("[") and value.endswith("]"):
        try:
            ipaddress.IPv6Address(value[1:-1])
            return f'{name} takes an IPv6 address without brackets: write {name} = "{value[1:-1]}";'
        except ValueError:
            pass
    bad = sorted({char for char in value if not (char.isascii() and (char.isalnum() or char in "-."))}, key=value.index)
    if bad:
        shown = [("' ' (space)" if char == " " else repr(char)) for char in bad]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        message = (
            f"{name} may hold only letters, digits, hyphens and dots, or be an IP address; "
            f"{listed} {'is' if len(shown) == 1 else 'are'} not allowed"
        )
        if any(not char.isascii() for char in bad):
            try:
                message += f" (write an international name in its ASCII form: {value.encode('idna').decode('ascii')})"
            except UnicodeError:
                pass
        return message
    if len(value) > 253:
        return f"{name} is {len(value)} characters long; a host name has at most 253"
    labels = value.split(".")
    if any(not label for label in labels):
        return f"{name} has an empty part between dots (two dots in a row, or a dot at the start or end): {value}"
    for label in labels:
        if len(label) > 63:
            return f"{name} has a part longer than 63 characters: {label[:20]}…"
        if label.startswith("-") or label.endswith("-"):
            return f"{name} has a part that starts or ends with a hyphen: {label}"
    if all(label.isdigit() for label in labels):
        return f"{name} looks like an IPv4 address but is not one: write four numbers 0–255, e.g. 192.0.2.10"
    return None


def _port_problem(name: str, value: object) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 65535:
        return f"{name} must be between 1 and 65535; got {value}."
    return None


def validate(values: dict[str, object]) -> list[Problem]:
    """What is wrong with a full set of values (as from ``destination_values``); [] when nothing is.

    A proxy host or port, when given, must be well formed; both are required only when
    proxyType is http or socks (real files set proxyHost with proxyType none).
    """
    problems: list[Problem] = []

    def problem(attr: str, message: str | None) -> None:
        if message:
            problems.append(Problem(attr, message))

    host = values.get("host") or ""
    if not host:
        problem("host", 'host is required, e.g. host = "api.github.com";')
    else:
        message = _host_problem("host", str(host))
        if message:
            is_url = "://" in str(host) or "/" in str(host)
            problems.append(Problem("host", message, "" if is_url else "host_syntax"))

    port = values.get("port")
    problem("port", "port is required, e.g. port = 443;" if port is None else _port_problem("port", port))

    for key in KEYS.values():
        value = values.get(key.attr, key.default)
        if key.kind == "enum" and value not in key.choices:
            problem(key.attr, f"{key.name} must be one of {_choices(key)}; got {value!r}.")
        texts = value if key.kind == "list" and isinstance(value, list) else [value]
        if key.kind in ("string", "list") and any(isinstance(t, str) and ("\n" in t or "\r" in t) for t in texts):
            problem(key.attr, f"{key.name} must fit on one line: an .xshttpdest string cannot hold a line break")

    path_prefix = values.get("path_prefix") or ""
    if path_prefix and not str(path_prefix).startswith("/"):
        problem("path_prefix", "pathPrefix must start with '/', e.g. pathPrefix = \"/repos\";")

    proxy_type = values.get("proxy_type")
    proxy_host = values.get("proxy_host") or ""
    proxy_port = values.get("proxy_port")
    proxy_used = proxy_type in ("http", "socks")
    if proxy_host:
        problem("proxy_host", _host_problem("proxyHost", str(proxy_host)))
    elif proxy_used:
        problem("proxy_host", f'proxyHost is required when proxyType is {proxy_type}, e.g. proxyHost = "proxy";')
    if proxy_port is not None:
        problem("proxy_port", _port_problem("proxyPort", proxy_port))
    elif proxy_used:
        problem("proxy_port", f"proxyPort is required when proxyType is {proxy_type}, e.g. proxyPort = 8080;")
    return problems


# --- where a destination lives -----------------------------------------------------------------


def _identifier_problem(segment: str, *, digit_first: bool = False) -> str | None:
    if not segment:
        return "it is empty"
    if segment[0].isdigit() and not digit_first:
        return f"'{segment}' starts with a digit"
    allowed = {char for char in segment if char.isascii() and (char.isalnum() or char == "_")}
    bad = sorted(set(segment) - allowed, key=segment.index)
    if bad:
        listed = ", ".join(f"'{char}'" for char in bad)
        return f"'{segment}' holds {listed}; only letters, digits and _ are allowed"
    return None


def validate_package(package: str) -> str | None:
    """None if ``package`` is a dotted path of identifiers (``debugging.github``), else what is wrong."""
    start = "package must be a dotted path of names (letters, digits and _) like debugging.github"
    if not package:
        return f"{start}; it is empty"
    if "/" in package or "\\" in package:
        dotted = ".".join(part for part in re.split(r"[/\\]", package) if part)
        return f"{start}; write {dotted} with dots, not slashes"
    segments = package.split(".")
    if any(not segment for segment in segments):
        return f"{start}; it has an empty segment (two dots in a row, or a dot at the start or end)"
    for segment in segments:
        # Packages are repository folders, and real ones start with digits ("08_ServiceLayer").
        problem = _identifier_problem(segment, digit_first=True)
        if problem:
            return f"{start}; segment {problem}"
    return None


def validate_name(name: str) -> str | None:
    """None if ``name`` is an identifier (``github``: letters, digits and _, no digit first), else what is wrong."""
    start = "name must be an identifier like github"
    if name.endswith(".xshttpdest"):
        return f"{start}: the file name without .xshttpdest, here {name[: -len('.xshttpdest')]}"
    problem = _identifier_problem(name)
    return f"{start}; {problem}" if problem else None


def split_path(path: str) -> tuple[str | None, str]:
    """``"a/b/c/name.xshttpdest"`` -> ``("a.b.c", "name")``; a bare file name has no package (None)."""
    parts = [part for part in re.split(r"[/\\]", path) if part and part != "."]
    if not parts:
        return None, ""
    name = parts[-1]
    if name.lower().endswith(".xshttpdest"):
        name = name[: -len(".xshttpdest")]
    return (".".join(parts[:-1]) or None), name
