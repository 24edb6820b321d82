"""click in the user's language: help looked up when it is shown, click's own words from our catalogue.

click reads a command's help when its decorator runs, at import, before `--lang` is known.
So the commands, options and types here hold a catalogue key (`cli.<command>.help`,
`cli.option.<name>`) and look the text up when help or an error is formatted.

click's own words ("Usage:", "Missing argument", "Show this message and exit.") go through
gettext inside each click module. gettext wants compiled `.mo` files, a second catalogue
format; instead `install_click_words()` points those modules' `_`/`ngettext` at
`cli.click.*` in our catalogue. Strings click never shows us stay as click wrote them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click
from click import core, decorators, exceptions, formatting, parser, termui, types

from generator import locales
from generator.locales import t

# click's English message ids -> our key under `cli.click` (plural ids by their singular).
CLICK_WORDS = {
    "Usage:": "usage",
    "Options": "options",
    "Commands": "commands",
    "Positional arguments": "arguments",
    "Show this message and exit.": "help_option",
    "Show the version and exit.": "version_option",
    "Error: {message}": "error",
    "Try '{command} {option}' for help.": "try_help",
    "Invalid value: {message}": "invalid_value",
    "Invalid value for {param_hint}: {message}": "invalid_value_for",
    "Missing argument": "missing_argument",
    "Missing option": "missing_option",
    "Missing parameter": "missing_parameter",
    "Missing {param_type}": "missing_type",
    "Missing parameter: {param_name}": "missing_parameter_named",
    "No such option {name!r}.": "no_such_option",
    "No such command {name!r}.": "no_such_command",
    "Missing command.": "missing_command",
    "Aborted!": "aborted",
    "default: {default}": "default",
    "required": "required",
    "env var: {var}": "env_var",
    "file": "file",
    "directory": "directory",
    "path": "path",
    "{name} {filename!r} does not exist.": "path_missing",
    "{name} {filename!r} is a file.": "path_is_file",
    "{name} {filename!r} is a directory.": "path_is_directory",
    "{name} {filename!r} is not readable.": "path_not_readable",
    "{name} {filename!r} is not writable.": "path_not_writable",
    "{value} is not in the range {range}.": "not_in_range",
    "{value!r} is not a valid {number_type}.": "not_a_number",
    "integer": "integer",
    "float": "float",
    "Option {name!r} does not take a value.": "takes_no_value",
    "Did you mean {possibility}?": "did_you_mean",
    "{value!r} is not {choice}.": "not_a_choice",
    "Got unexpected extra argument ({args})": "extra_arguments",
    "Option {name!r} requires an argument.": "needs_value",
    "Error: invalid input": "invalid_input",
    "Repeat for confirmation": "repeat",
    "Error: The two entered values do not match.": "values_differ",
}
_CLICK_MODULES = (core, decorators, exceptions, formatting, parser, termui, types)


def _gettext(message: str) -> str:
    """click's `_()`: our words for the message ids we know, click's own for the rest."""
    key = CLICK_WORDS.get(message)
    if key is None:
        return message
    return _pick(locales.lookup(f"cli.click.{key}"), 1)


def _ngettext(singular: str, plural: str, n: int) -> str:
    """click's `ngettext()`: a plural entry of ours chosen by `n`."""
    key = CLICK_WORDS.get(singular)
    if key is None:
        return singular if n == 1 else plural
    return _pick(locales.lookup(f"cli.click.{key}"), n)


def _pick(entry: Any, n: int) -> str:
    # NOTE: the raw template; click fills in `{name!r}` and `%(prog)s` itself.
    return entry if isinstance(entry, str) else locales.plural(entry, n)


def install_click_words() -> None:
    """Make click's own messages come from our catalogue, in the session language."""
    for module in _CLICK_MODULES:
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """The value of `--lang` wherever it is on the command line (`--lang en`, `--lang=en`)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
    return None


class LocalCommand(click.Command):
    """A command whose help is `cli.<name>.help` (and `.short`), looked up when shown."""

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_key = help_key or f"cli.{self.name}"

    # NOTE: click assigns these in __init__; the setters accept and ignore its values (the
    # function's docstring stays for developers, users read the catalogue).
    @property
    def help(self) -> str:  # type: ignore[override]
        return t(f"{self.help_key}.help")

    @help.setter
    def help(self, value: str | None) -> None:
        pass

    @property
    def short_help(self) -> str:  # type: ignore[override]
        return t(f"{self.help_key}.short")

    @short_help.setter
    def short_help(self, value: str | None) -> None:
        pass

    @property
    def options_metavar(self) -> str:  # type: ignore[override]
        return t("cli.click.options_metavar")

    @options_metavar.setter
    def options_metavar(self, value: str | None) -> None:
        pass

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """click's cached `-h/--help` option, its text in the session language."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("cli.click.help_option")
        return option


class LocalGroup(LocalCommand, click.Group):
    """The `campaign-docs` group: sets the session language from `--lang` before parsing."""

    command_class = LocalCommand

    @property
    def subcommand_metavar(self) -> str:
        return t("cli.click.subcommand_metavar")

    @subcommand_metavar.setter
    def subcommand_metavar(self, value: str | None) -> None:
        pass

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        """Run the CLI with click's words and the session language set for this run."""
        install_click_words()
        argv = sys.argv[1:] if args is None else list(args)
        # NOTE: before parsing, so `--help` and click's own errors are in that language too;
        # restored afterwards, so one CliRunner call does not leak into the next.
        with locales.using(lang_in_argv(argv)):
            return super().main(args, *rest, **kwargs)


class LocalOption(click.Option):
    """An option whose help is the catalogue entry `help_key`, looked up when shown."""

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any) -> None:
        self.help_key = help_key
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str | None:  # type: ignore[override]
        return t(self.help_key) if self.help_key else self._help

    @help.setter
    def help(self, value: str | None) -> None:
        self._help = value


def option(*decls: str, key: str, **kwargs: Any) -> Any:
    """`click.option` with its help at `cli.option.<key>`."""
    return click.option(*decls, cls=LocalOption, help_key=f"cli.option.{key}", **kwargs)


class LocalPath(click.Path):
    """click.Path that names its kind ("file", "directory") in the session language."""

    @property
    def name(self) -> str:  # type: ignore[override]
        kind = "path" if self.file_okay == self.dir_okay else "file" if self.file_okay \
            else "directory"
        return _gettext(kind)

    @name.setter
    def name(self, value: str) -> None:
        pass


class LocalIntRange(click.IntRange):
    """click.IntRange whose "integer" is said in the session language."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return _gettext("integer")

    @name.setter
    def name(self, value: str) -> None:
        pass


class LocalFloatRange(click.FloatRange):
    """click.FloatRange whose "float" is said in the session language."""

    @property
    def name(self) -> str:  # type: ignore[override]
        return _gettext("float")

    @name.setter
    def name(self, value: str) -> None:
        pass
