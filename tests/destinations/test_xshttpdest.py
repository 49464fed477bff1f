"""Unit tests for destinations/xshttpdest.py: reading, writing and checking .xshttpdest files.

Pure: no database, no network. ``corpus/`` holds 44 real files from public repositories,
copied byte for byte from the shared corpus (see corpus/SOURCES.md).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from destinations.xshttpdest import (
    KEYS,
    ParsedFile,
    Problem,
    XsHttpDestError,
    destination_values,
    dump,
    parse,
    split_path,
    validate,
    validate_name,
    validate_package,
)

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(path.name for path in CORPUS.glob("*.xshttpdest"))

LOOKS_LIKE_JSON = 'this looks like JSON, not an .xshttpdest file: it should hold lines like host = "api.github.com";'
EMPTY = "the file is empty: an .xshttpdest file needs at least host and port"
AUTH_TYPES = "none, basic, AssertionTicket, SamlAssertion, SamlAssertionPropagation"
XSK_API_HTTP = "SAP-archive__xsk__samples__api-net__api-http__demo__service.xshttpdest"
XSK_DEMO = "SAP-archive__xsk__samples__api-net__demo__service.xshttpdest"
JSON_BODY = "Covarius-SapCloudPlatform__HANAXS-Covarius_Int__CDL_PKG_API__CDL_DESTINATION_PAS.xshttpdest"
# Refused by parse: (line, column, message).
REFUSED = {
    XSK_API_HTTP: (1, 6, 'host takes a quoted string, e.g. host = "api.github.com"; found https://services.odata.org'),
    XSK_DEMO: (1, 6, 'host takes a quoted string, e.g. host = "api.github.com"; found http://localhost'),
    JSON_BODY: (1, 1, LOOKS_LIKE_JSON),
}
# A genuine file whose host is a placeholder to be filled in: it reads, and validate says why it cannot be used.
PLACEHOLDER = "B1SA__workshop__12_Fiori__SLFioriAppXSJS__SLFiori__xsjs__B1SL.xshttpdest"
GENUINE = [name for name in FILES if name not in REFUSED]

MAIL = "serban-petrescu__smta__hana__spet__diploma__library__mail.xshttpdest"
SHINE_SP8_IMAGES = "SAP-archive__cloud-hana-shine-sp8__shinesp8__services__images.xshttpdest"
SHINE_XSA_IMAGES = (
    "SAP-samples__hana-shine-xsa__core-xsjs__lib__sap__hana__democontent__epm__services__images.xshttpdest"
)
PUSH_REST = "B1SA__beaconsOne__lib__pushRest.xshttpdest"
DSA_B1SL = "isuruAnup1234__DSA__lib__http__B1SL.xshttpdest"
LINE_PROFILES = "anypossiblew__hcp-digital-account__LineProfiles.xshttpdest"
GOOGLE_API = "paschmann__metric2__lib__googleAPI.xshttpdest"


def read(name: str) -> str:
    return (CORPUS / name).read_bytes().decode("utf-8")  # bytes as they are: CRLF kept


def values_of(text: str) -> dict[str, object]:
    return destination_values(parse(text))


def github(**changes: object) -> dict[str, object]:
    """The seed's destination (debugging.github / github), as a full values dict."""
    values = destination_values(ParsedFile())
    values.update(host="api.github.com", port=443, description="GitHub API", use_ssl=True)
    values.update(changes)
    return values


def syntax_error(text: str) -> XsHttpDestError:
    with pytest.raises(XsHttpDestError) as caught:
        parse(text)
    return caught.value


# --- the corpus --------------------------------------------------------------------------------


def test_corpus_files_match_their_sources_list():
    """Every file is listed, with the line endings and final newline SOURCES.md records (copied byte for byte)."""
    rows = re.findall(
        r"^\| \d+ \| (\S+) \| `([^`]+)` \| `[0-9a-f]{40}` \| [^|]+ \| `([0-9a-f]{12})` \| (LF|CRLF) \| (yes|no) \|",
        (CORPUS / "SOURCES.md").read_text(encoding="utf-8"),
        re.M,
    )
    listed = {}
    for repo, path, sha, eol, final_newline in rows:
        listed[repo.replace("/", "__") + "__" + path.replace("/", "__")] = (sha, eol, final_newline)
    assert sorted(listed) == FILES and len(FILES) == 44
    for name, (sha, eol, final_newline) in listed.items():
        data = (CORPUS / name).read_bytes()
        assert hashlib.sha256(data).hexdigest()[:12] == sha, name
        assert ("CRLF" if b"\r\n" in data else "LF") == eol, name
        assert ("yes" if data.endswith(b"\n") else "no") == final_newline, name


@pytest.mark.parametrize("name", GENUINE)
def test_genuine_corpus_file_reads_with_host_and_port_as_written(name):
    text = read(name)
    values = values_of(text)
    assert values["host"] == re.search(r'^host = "([^"]*)";', text, re.M).group(1)
    assert values["port"] == int(re.search(r"^port = (\d+);", text, re.M).group(1))
    assert set(values) == {key.attr for key in KEYS.values()}


@pytest.mark.parametrize("name", [name for name in GENUINE if name != PLACEHOLDER])
def test_genuine_corpus_file_is_valid(name):
    assert validate(values_of(read(name))) == []


def test_placeholder_host_in_corpus_reads_and_is_flagged_as_host_syntax():
    values = values_of(read(PLACEHOLDER))
    assert values["host"] == "<TODO: Please replace with your Service Layer host>"
    problems = validate(values)
    assert problems == [
        Problem(
            "host",
            "host may hold only letters, digits, hyphens and dots, or be an IP address; "
            "'<', ':', ' ' (space) and '>' are not allowed",
        )
    ]
    assert problems[0].code == "host_syntax"  # an import keeps the file and says so


def test_url_in_host_is_not_flagged_as_mere_host_syntax():
    assert [problem.code for problem in validate(github(host="https://api.github.com"))] == [""]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_broken_corpus_file_is_refused_with_line_and_column(name):
    line, column, message = REFUSED[name]
    error = syntax_error(read(name))
    assert (error.line, error.column, error.message) == (line, column, message)
    assert str(error) == f"line {line}, column {column}: {message}"


@pytest.mark.parametrize("name", GENUINE)
def test_genuine_corpus_file_survives_dump_and_parse(name):
    values = values_of(read(name))
    values["use_proxy"] = None  # dump folds it into proxyType
    written = dump(values)
    assert destination_values(parse(written)) == values
    assert "\r" not in written and written.endswith(";\n")


def test_mail_file_folds_legacy_use_proxy_into_proxy_type():
    parsed = parse(read(MAIL))  # also: a # comment line, and useProxy=true with no spaces
    assert parsed.values["use_proxy"] is True
    assert "proxy_type" not in parsed.values
    assert parsed.positions["use_proxy"] == (5, 1)
    values = destination_values(parsed)
    assert values["proxy_type"] == "http"
    assert values["use_proxy"] is True
    assert (values["proxy_host"], values["proxy_port"]) == ("proxy-trial", 8080)
    assert values["ssl_auth"] == "client"
    assert values["auth_type"] == "basic"


def test_shine_images_keeps_query_string_in_path_prefix_and_folds_use_proxy():
    values = values_of(read(SHINE_SP8_IMAGES))  # CRLF, no final newline, no useSSL
    assert values["path_prefix"] == "/pictures/search/?fo=json&q="
    assert values["proxy_type"] == "http"
    assert values["use_ssl"] is False
    assert (values["host"], values["port"], values["timeout"]) == ("www.loc.gov", 80, 0)


def test_proxy_host_with_proxy_type_none_reads_and_validates():
    values = values_of(read(SHINE_XSA_IMAGES))
    assert (values["proxy_type"], values["proxy_host"], values["proxy_port"]) == ("none", "proxy", 8080)
    assert values["use_proxy"] is None
    assert validate(values) == []


def test_push_rest_timeout_30000():
    values = values_of(read(PUSH_REST))
    assert values["timeout"] == 30000
    assert values["path_prefix"] == "/restnotification/application/com.sap.B1.InnovationSummit2017"


def test_comment_line_between_statements_is_skipped():
    text = read(DSA_B1SL)
    assert "\n//50001\n" in text
    parsed = parse(text)
    assert parsed.values["port"] == 30015
    assert parsed.values["auth_type"] == "none"
    assert parsed.positions["auth_type"] == (5, 1)


def test_crlf_file_without_final_newline_reads_like_its_lf_form():
    text = read(LINE_PROFILES)
    assert "\r\n" in text and text.endswith("timeout = 0;")
    parsed = parse(text)
    assert parsed.values["timeout"] == 0
    assert parsed.positions["timeout"] == (10, 1)
    assert parsed == parse(text.replace("\r\n", "\n"))


@pytest.mark.parametrize("name", [name for name in GENUINE if b"\r\n" in (CORPUS / name).read_bytes()])
def test_every_crlf_corpus_file_reads_like_its_lf_form(name):
    text = read(name)
    assert parse(text) == parse(text.replace("\r\n", "\n"))


def test_oauth_keys_are_read():
    values = values_of(read(GOOGLE_API))
    assert values["oauth_app_config_package"] == "lilabs.metric2.lib"
    assert values["oauth_app_config"] == ""
    assert values["path_prefix"] == ""


# --- reading: accepted forms --------------------------------------------------------------------


def test_defaults_fill_absent_keys():
    values = values_of('host = "api.github.com"; port = 443;')
    assert values == {
        "host": "api.github.com",
        "port": 443,
        "description": "",
        "use_ssl": False,
        "ssl_host_check": True,
        "ssl_auth": "anonymous",
        "path_prefix": "",
        "auth_type": "none",
        "proxy_type": "none",
        "proxy_host": "",
        "proxy_port": None,
        "timeout": 0,
        "remote_sid": "",
        "remote_client": "",
        "saml_provider": "",
        "saml_acs": "",
        "saml_attributes": "",
        "saml_name_id": [],
        "oauth_app_config_package": "",
        "oauth_app_config": "",
        "use_proxy": None,
    }


def test_parsed_file_holds_only_keys_present_with_their_positions():
    parsed = parse('host = "a";\n\tport=443;')
    assert parsed.values == {"host": "a", "port": 443}
    assert parsed.positions == {"host": (1, 1), "port": (2, 2)}


def test_use_proxy_false_without_proxy_type_means_none_and_proxy_type_wins_when_both():
    assert values_of('host = "a"; port = 1; useProxy = false;')["proxy_type"] == "none"
    both = values_of('host = "a"; port = 1; useProxy = true; proxyType = socks;')
    assert (both["proxy_type"], both["use_proxy"]) == ("socks", True)


def test_comments_whitespace_bom_and_escapes():
    text = (
        "\ufeff# a hash comment line\n"
        '  /* a block\n   comment */ host /* here */ = "a\\"b\\\\c";\r\n'
        "port\t=\t-0443 // trailing comment\n;"
        'description="// not a comment /* nor this */";'
        "samlNameId = [ ];"
        'samlAttributes = "é ✓";'
    )
    parsed = parse(text)
    assert parsed.values == {
        "host": 'a"b\\c',
        "port": -443,
        "description": "// not a comment /* nor this */",
        "saml_name_id": [],
        "saml_attributes": "é ✓",
    }
    assert parsed.positions["host"] == (3, 15)  # the BOM is not counted


def test_list_and_all_enum_words():
    values = values_of(
        'host = "a"; port = 1; samlNameId = ["email", "x\\"y"]; authType = SamlAssertionPropagation;'
        " sslAuth = client; proxyType = socks; timeout = -1; useSSL = true; sslHostCheck = false;"
    )
    assert values["saml_name_id"] == ["email", 'x"y']
    assert values["auth_type"] == "SamlAssertionPropagation"
    assert (values["ssl_auth"], values["proxy_type"]) == ("client", "socks")
    assert (values["timeout"], values["use_ssl"], values["ssl_host_check"]) == (-1, True, False)


# --- reading: syntax errors ---------------------------------------------------------------------

KEY_LIST = ", ".join(KEYS)
URL = "host must be a host name, not a URL: write "
PACKAGE = "package must be a dotted path of names (letters, digits and _) like debugging.github"


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        ('host = "a";\nhots = "x";', 2, 1, "unknown key hots (did you mean host?)"),
        ("usessl = true;", 1, 1, "unknown key usessl (did you mean useSSL?)"),
        ("color = 1;", 1, 1, f"unknown key color: the keys are {KEY_LIST}"),
        ('host = "a";\nport = 1;\n  host = "b";', 3, 3, "duplicate key host: it is already set on line 1"),
        (
            "host=http://localhost;", 1, 6,
            'host takes a quoted string, e.g. host = "api.github.com"; found http://localhost',
        ),
        (
            "port = \"443\";",
            1,
            8,
            'port takes a whole number, e.g. port = 443; found "443" (write it without quotes: port = 443;)',
        ),
        ("port = 443abc;", 1, 8, "port takes a whole number, e.g. port = 443; found 443abc"),
        ("useSSL = yes;", 1, 10, "useSSL takes true or false, e.g. useSSL = true; found yes"),
        ("useSSL = 1;", 1, 10, "useSSL takes true or false, e.g. useSSL = true; found 1"),
        (
            'authType = "basic";',
            1,
            12,
            f"authType takes one of {AUTH_TYPES} (a bare word, no quotes), e.g. authType = none; "
            'found "basic" (write it without quotes: authType = basic;)',
        ),
        (
            'samlNameId = "email";',
            1,
            14,
            'samlNameId takes a list of quoted strings, e.g. samlNameId = ["email"]; found "email"',
        ),
        (
            "samlNameId = [email];",
            1,
            15,
            'samlNameId takes a list of quoted strings, e.g. samlNameId = ["email"]; found email',
        ),
        ("host = ;", 1, 8, "host takes a quoted string, e.g. host = \"api.github.com\"; found ';'"),
        ("host =", 1, 7, 'host takes a quoted string, e.g. host = "api.github.com"; found the end of the file'),
        (
            "authType = Basic;",
            1,
            12,
            "Basic is not a valid authType: choose one of none, basic, AssertionTicket, SamlAssertion, "
            "SamlAssertionPropagation (did you mean basic?)",
        ),
        (
            "proxyType = https;",
            1,
            13,
            "https is not a valid proxyType: choose one of none, http, socks (did you mean http?)",
        ),
        ("sslAuth = mutual;", 1, 11, "mutual is not a valid sslAuth: choose one of anonymous, client"),
        ("port = 443\nhost = \"x\";", 1, 11, "expected ';' after the value of port, found host"),
        ('host = "a"; port = 443', 1, 23, "expected ';' after the value of port, found the end of the file"),
        ('host "x";', 1, 6, "expected '=' after host, found \"x\""),
        ("host: \"x\";", 1, 1, "unknown key host: (did you mean host?)"),
        ('port = 1;\nhost = "abc;\nport = 1;', 2, 8, 'unterminated string: this " has no closing " on its line'),
        ('host = "abc', 1, 8, 'unterminated string: this " has no closing " on its line'),
        (
            'host = "a\\nb";',
            1,
            10,
            'unknown escape \\n in a string: only \\" (a quote) and \\\\ (a backslash) are allowed',
        ),
        ('host = "a";\n  /* comment\n\nport = 1;', 2, 3, "unterminated comment: this /* has no closing */"),
        ("samlNameId = [\"a\",];", 1, 19, "expected a quoted string after ',' in the list of samlNameId, found ']'"),
        ('samlNameId = ["a" "b"];', 1, 19, "expected ',' or ']' in the list of samlNameId, found \"b\""),
        ('samlNameId = ["a"', 1, 14, "unterminated list: this [ of samlNameId has no closing ]"),
        (
            "port = 1; # not at the start of a line",
            1,
            11,
            "expected a key such as host, found # (# starts a comment only at the start of a line; "
            "use // after a statement)",
        ),
        ("port = 1;;", 1, 10, "expected a key such as host, found ';'"),
        (
            '\r\n  {"host": "api.github.com"}',
            2,
            3,
            'this looks like JSON, not an .xshttpdest file: it should hold lines like host = "api.github.com";',
        ),
        ("", 1, 1, EMPTY),
        ("\ufeff  \r\n// nothing\n# here\n/* at all */\n", 1, 1, EMPTY),
    ],
)
def test_syntax_error_names_line_column_and_problem(text, line, column, message):
    error = syntax_error(text)
    assert (error.line, error.column, error.message) == (line, column, message)
    assert str(error) == f"line {line}, column {column}: {message}"


def test_long_wrong_value_is_shortened_in_the_message():
    error = syntax_error("port = " + "9" * 30 + "x" * 100 + ";")
    assert error.message == "port takes a whole number, e.g. port = 443; found " + "9" * 30 + "x" * 29 + "…"


def test_syntax_error_is_a_value_error():
    assert issubclass(XsHttpDestError, ValueError)


# --- writing ------------------------------------------------------------------------------------


def test_dump_writes_the_seed_destination_exactly():
    assert dump(github(path_prefix="/repos", proxy_port=8080, timeout=-1)) == (
        "// written by Trust Console\n"
        'host = "api.github.com";\n'
        "port = 443;\n"
        'description = "GitHub API";\n'
        "useSSL = true;\n"
        "sslHostCheck = true;\n"
        "sslAuth = anonymous;\n"
        'pathPrefix = "/repos";\n'
        "authType = none;\n"
        "proxyType = none;\n"
        'proxyHost = "";\n'
        "proxyPort = 8080;\n"
        "timeout = -1;\n"
    )


def test_dump_writes_optional_keys_only_when_set_and_never_use_proxy():
    text = dump(github(remote_sid="ABC", saml_name_id=["email", 'a"b'], oauth_app_config='x\\y', use_proxy=True))
    assert text.endswith('remoteSID = "ABC";\nsamlNameId = ["email", "a\\"b"];\noAuthAppConfig = "x\\\\y";\n')
    for key in ("remoteClient", "samlProvider", "samlACS", "samlAttributes", "oAuthAppConfigPackage", "useProxy"):
        assert key not in text
    assert "proxyPort" not in dump(github())


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"description": "two\nlines"},
            "description cannot be written: an .xshttpdest string cannot hold a line break",
        ),
        ({"auth_type": "oauth"}, f"authType must be one of {AUTH_TYPES} to be written; got 'oauth'"),
        ({"port": None}, "port is required to write the file"),
    ],
)
def test_dump_refuses_values_it_cannot_write(changes, message):
    with pytest.raises(ValueError) as caught:
        dump(github(**changes))
    assert str(caught.value) == message


# Hosts: DNS names (RFC 1123 labels, not all-numeric) or IP addresses.
_label = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?", fullmatch=True)
_dns_name = (
    st.lists(_label, min_size=1, max_size=4)
    .map(".".join)
    .filter(lambda name: len(name) <= 253 and not name.replace(".", "").isdigit())
)
hosts = st.one_of(_dns_name, st.ip_addresses().map(str))
ports = st.integers(1, 65535)
# Any text on one line: quotes, backslashes, comment markers, unicode.
one_line = st.text(st.characters(exclude_characters="\r\n", exclude_categories=("Cs",)), max_size=40)
choices = {key.attr: st.sampled_from(key.choices) for key in KEYS.values() if key.kind == "enum"}


@st.composite
def valid_values(draw: st.DrawFn) -> dict[str, object]:
    proxy_type = draw(choices["proxy_type"])
    proxy_used = proxy_type != "none"
    return {
        "host": draw(hosts),
        "port": draw(ports),
        "description": draw(one_line),
        "use_ssl": draw(st.booleans()),
        "ssl_host_check": draw(st.booleans()),
        "ssl_auth": draw(choices["ssl_auth"]),
        "path_prefix": draw(st.one_of(st.just(""), one_line.map(lambda text: "/" + text))),
        "auth_type": draw(choices["auth_type"]),
        "proxy_type": proxy_type,
        "proxy_host": draw(hosts if proxy_used else st.one_of(st.just(""), hosts)),
        "proxy_port": draw(ports if proxy_used else st.one_of(st.none(), ports)),
        "timeout": draw(st.integers(-(2**40), 2**40)),
        "remote_sid": draw(one_line),
        "remote_client": draw(one_line),
        "saml_provider": draw(one_line),
        "saml_acs": draw(one_line),
        "saml_attributes": draw(one_line),
        "saml_name_id": draw(st.lists(one_line, max_size=3)),
        "oauth_app_config_package": draw(one_line),
        "oauth_app_config": draw(one_line),
        "use_proxy": None,
    }


@settings(max_examples=200, deadline=None)
@given(valid_values())
def test_dump_then_parse_gives_back_the_values(values):
    assert validate(values) == []
    assert destination_values(parse(dump(values))) == values


# --- meaning ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, problems",
    [
        ({"host": ""}, [Problem("host", 'host is required, e.g. host = "api.github.com";')]),
        (
            {"host": "https://api.github.com"},
            [Problem("host", 'host must be a host name, not a URL: write host = "api.github.com"; and useSSL = true;')],
        ),
        (
            {"host": "http://example.org/"},
            [Problem("host", 'host must be a host name, not a URL: write host = "example.org"; and useSSL = false;')],
        ),
        (
            {"host": "https://api.github.com:8443/repos"},
            [
                Problem(
                    "host",
                    'host must be a host name, not a URL: write host = "api.github.com"; and port = 8443; '
                    'and useSSL = true; and pathPrefix = "/repos";',
                )
            ],
        ),
        (
            {"host": "api.github.com/repos"},
            [Problem("host", URL + 'host = "api.github.com"; and pathPrefix = "/repos";')],
        ),
        (
            {"host": "api github.com"},
            [
                Problem(
                    "host",
                    "host may hold only letters, digits, hyphens and dots, or be an IP address; "
                    "' ' (space) is not allowed",
                )
            ],
        ),
        (
            {"host": "bücher.de"},
            [
                Problem(
                    "host",
                    "host may hold only letters, digits, hyphens and dots, or be an IP address; 'ü' is not allowed "
                    "(write an international name in its ASCII form: xn--bcher-kva.de)",
                )
            ],
        ),
        (
            {"host": "a..b"},
            [
                Problem(
                    "host",
                    "host has an empty part between dots "
                    "(two dots in a row, or a dot at the start or end): a..b",
                )
            ],
        ),
        ({"host": "-api.github.com"}, [Problem("host", "host has a part that starts or ends with a hyphen: -api")]),
        (
            {"host": "a" * 64 + ".com"},
            [Problem("host", "host has a part longer than 63 characters: " + "a" * 20 + "…")],
        ),
        (
            {"host": ".".join(["a" * 63] * 4)},
            [Problem("host", "host is 255 characters long; a host name has at most 253")],
        ),
        (
            {"host": "192.168.0.256"},
            [
                Problem(
                    "host",
                    "host looks like an IPv4 address but is not one: "
                    "write four numbers 0–255, e.g. 192.0.2.10",
                )
            ],
        ),
        (
            {"host": "[2001:db8::1]"},
            [Problem("host", 'host takes an IPv6 address without brackets: write host = "2001:db8::1";')],
        ),
        ({"port": None}, [Problem("port", "port is required, e.g. port = 443;")]),
        ({"port": 0}, [Problem("port", "port must be between 1 and 65535; got 0.")]),
        ({"port": 70000}, [Problem("port", "port must be between 1 and 65535; got 70000.")]),
        (
            {"proxy_type": "http"},
            [
                Problem("proxy_host", 'proxyHost is required when proxyType is http, e.g. proxyHost = "proxy";'),
                Problem("proxy_port", "proxyPort is required when proxyType is http, e.g. proxyPort = 8080;"),
            ],
        ),
        (
            {"proxy_type": "socks", "proxy_host": "proxy", "proxy_port": 0},
            [Problem("proxy_port", "proxyPort must be between 1 and 65535; got 0.")],
        ),
        (
            {"proxy_type": "http", "proxy_host": "http://proxy:3128", "proxy_port": 3128},
            [
                Problem(
                    "proxy_host",
                    'proxyHost must be a host name, not a URL: '
                    'write proxyHost = "proxy"; and proxyPort = 3128;',
                )
            ],
        ),
        (
            {"auth_type": "oauth"},
            [Problem("auth_type", f"authType must be one of {AUTH_TYPES}; got 'oauth'.")],
        ),
        (
            {"path_prefix": "repos"},
            [Problem("path_prefix", "pathPrefix must start with '/', e.g. pathPrefix = \"/repos\";")],
        ),
        (
            {"description": "two\nlines"},
            [
                Problem(
                    "description",
                    "description must fit on one line: "
                    "an .xshttpdest string cannot hold a line break",
                )
            ],
        ),
        (
            {"host": "", "port": 0, "path_prefix": "x"},
            [
                Problem("host", 'host is required, e.g. host = "api.github.com";'),
                Problem("port", "port must be between 1 and 65535; got 0."),
                Problem("path_prefix", "pathPrefix must start with '/', e.g. pathPrefix = \"/repos\";"),
            ],
        ),
    ],
)
def test_validate_names_each_broken_rule(changes, problems):
    assert validate(github(**changes)) == problems


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"proxy_type": "none", "proxy_host": "proxy", "proxy_port": 8080},
        {"proxy_type": "http", "proxy_host": "proxy-trial", "proxy_port": 8080},
        {"host": "192.0.2.10"},
        {"host": "2001:db8::1"},
        {"host": "localhost", "port": 65535, "timeout": -1},
        {"host": "API.GitHub.com", "port": 1, "path_prefix": "/pictures/search/?fo=json&q="},
    ],
)
def test_validate_accepts_good_values(changes):
    assert validate(github(**changes)) == []


@pytest.mark.parametrize(
    "package, message",
    [
        ("debugging.github", None),
        ("_a.B1.c_2", None),
        ("sap.hana.democontent.epm.services", None),
        ("", f"{PACKAGE}; it is empty"),
        ("debugging.2x", None),  # real repositories have folders like 08_ServiceLayer
        ("B1SA.workshop.08_ServiceLayer.XSJS", None),
        (
            "debugging..github",
            f"{PACKAGE}; it has an empty segment "
            "(two dots in a row, or a dot at the start or end)",
        ),
        (
            ".debugging",
            f"{PACKAGE}; it has an empty segment "
            "(two dots in a row, or a dot at the start or end)",
        ),
        (
            "hana-shine.xsa",
            f"{PACKAGE}; segment 'hana-shine' holds '-'; "
            "only letters, digits and _ are allowed",
        ),
        (
            "debugging/github",
            f"{PACKAGE}; write debugging.github with dots, not slashes",
        ),
    ],
)
def test_validate_package(package, message):
    assert validate_package(package) == message


@pytest.mark.parametrize(
    "name, message",
    [
        ("github", None),
        ("CDL_DESTINATION_HCI", None),
        ("B1SL", None),
        ("", "name must be an identifier like github; it is empty"),
        ("1st", "name must be an identifier like github; '1st' starts with a digit"),
        (
            "git hub",
            "name must be an identifier like github; 'git hub' holds ' '; only letters, digits and _ are allowed",
        ),
        ("github.xshttpdest", "name must be an identifier like github: the file name without .xshttpdest, here github"),
    ],
)
def test_validate_name(name, message):
    assert validate_name(name) == message


@pytest.mark.parametrize(
    "path, expected",
    [
        ("a/b/c/name.xshttpdest", ("a.b.c", "name")),
        ("name.xshttpdest", (None, "name")),
        ("debugging\\github\\github.xshttpdest", ("debugging.github", "github")),
        ("/sap/hana/images.xshttpdest", ("sap.hana", "images")),
        ("debugging/github", ("debugging", "github")),
    ],
)
def test_split_path(path, expected):
    assert split_path(path) == expected
