"""The command line's frame in Chinese: the words typer and its vendored click print around our own
text — the usage line, section headings, the help option, [required] and [default: …], the error
frame and click's own error messages. Typer 0.28 offers no catalogue for them, so the commands,
their context's help formatter and their errors are subclasses that say them in Chinese.
A message this module does not know is shown as click wrote it, never dropped."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from typer._click import Context, HelpFormatter  # typer 0.28 vendors click; these are its classes
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    FileError,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
# Typer's placeholders of an option's value, as the help lists them.
METAVARS = {"<str>": "<文本>", "<int>": "<整数>", "<float>": "<数值>", "<path>": "<路径>", "<%Y-%m-%d>": "<年-月-日>"}
HELP_OPTION_TEXT = "显示此帮助并退出。"
ABORTED = "已中止。"
SECTIONS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
# The parts of the bracket typer appends to an option's help ("[default: 20; required]").
HELP_EXTRAS = [(r"default: (.*)", r"默认：\1"), (r"env var: (.*)", r"环境变量：\1"), ("required", "必填")]
TRAILING_BRACKET = r"\[([^\[\]]*)\]\s*$"
# Click's messages of a value or a command line it refuses: (pattern, replacement), the first
# pattern that matches the whole message wins.
MESSAGES = [
    (r"No such command '(.*)'\.", r"没有命令“\1”。"),
    (r"Missing command\.", "缺少命令。"),
    (r"Got unexpected extra argument\(s\) \((.*)\)", r"多余的参数：\1"),
    (r"Option '(.*)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"Option '(.*)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
    (r"Option '(.*)' does not take a value\.", r"选项 \1 不接受值。"),
    (r"Argument '(.*)' takes (\d+) values\.", r"参数 \1 需要 \2 个值。"),
    (r"'(.*)' does not match the formats? (.*)\.", r"“\1”不符合格式 \2。"),
    (r"'(.*)' is not a valid (?:integer|int)\.", r"“\1”不是整数。"),
    (r"'(.*)' is not a valid float\.", r"“\1”不是数值。"),
    (r"'(.*)' is not a valid boolean\. Recognized values: (.*)", r"“\1”不是布尔值，可用：\2"),
    (r"'(.*)' is not a valid UUID\.", r"“\1”不是 UUID。"),
    (r"'(.*)' is not one of (.*)\.", r"“\1”不是可选值之一：\2。"),
    (r"(.*) is not in the range (.*)\.", r"\1 不在范围 \2 之内。"),
]


def translated(text: str, table: Sequence[tuple[str, str]] = MESSAGES) -> str:
    for pattern, replacement in table:  # compiled on first use (re's cache): start-up stays short
        if (match := re.fullmatch(pattern, text, re.S)) is not None:
            return match.expand(replacement)
    return text


def help_extras(text: str) -> str:
    """An option's help with typer's bracketed extras ([required], [default: …]) in Chinese."""
    if (match := re.search(TRAILING_BRACKET, text)) is None:
        return text
    parts = "；".join(translated(part, HELP_EXTRAS) for part in match.group(1).split("; "))
    return f"{text[: match.start()]}[{parts}]"


# Punctuation that may not begin a line (it stays with the character before it).
NO_LINE_START = frozenset("，。、；：？！）》」』”’】…,.;:?!)]")


def cell_width(text: str) -> int:
    """Columns a terminal gives the text: two for a wide (CJK) character, one for the others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_cells(paragraph: str, width: int) -> list[str]:
    """A paragraph cut into lines of at most `width` terminal columns. A line may break between two
    wide characters or at a space; an ASCII word stays whole; closing punctuation never starts a line:
    it takes the character or word before it along (click's wrapper counts characters, so Chinese
    lines came out twice the terminal's width)."""
    lines: list[str] = []
    line: list[str] = []  # the tokens of the line being filled
    used = 0
    for token in re.findall(r"\s+|[!-~]+|.", paragraph):
        if token.isspace():
            if line and not line[-1].isspace():
                line.append(" ")
                used += 1
            continue
        if used + cell_width(token) > width and "".join(line).strip():
            cut = len(line)
            if token[0] in NO_LINE_START:
                while cut > 0 and line[cut - 1][0] in NO_LINE_START:
                    cut -= 1
                cut -= 1  # the character or word the punctuation closes
            if cut > 0 and "".join(line[:cut]).strip():  # else one word and its punctuation overflow
                lines.append("".join(line[:cut]).rstrip())
                line = line[cut:]
                if line and line[0].isspace():
                    line.pop(0)
                used = cell_width("".join(line))
        line.append(token)
        used += cell_width(token)
    if "".join(line).strip() or not lines:
        lines.append("".join(line).rstrip())
    return lines


def joined_lines(text: str) -> str:
    """A hard-wrapped paragraph as one line: lines join with a space, except between two wide characters."""
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if out and line and not (cell_width(out[-1]) == 2 and cell_width(line[0]) == 2):
            out += " "
        out += line
    return out


class ChineseHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{SECTIONS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = []
        for paragraph in re.split(r"\n\s*\n", text.strip()):
            if paragraph.startswith("\b"):  # click's mark: keep the paragraph's lines as written
                lines = paragraph[1:].strip("\n").splitlines()
            else:
                lines = wrap_cells(joined_lines(paragraph), max(self.width - self.current_indent, 20))
            paragraphs.append("\n".join(indent + line for line in lines))
        self.write("\n\n".join(paragraphs) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's definition list (options, commands), measured in terminal columns."""
        rows = [(re.sub(r"<[^<>\s]+>", lambda m: METAVARS.get(m[0], m[0]), term), help_extras(text)) for term, text in rows]
        first_col = min(max((cell_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        hanging = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(" " * self.current_indent + term)
            if not text:
                self.write("\n")
                continue
            if cell_width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_width(term)))
            else:
                self.write("\n" + hanging)
            lines = wrap_cells(joined_lines(text), max(self.width - first_col - 2, 10))
            self.write(lines[0] + "\n" + "".join(f"{hanging}{line}\n" for line in lines[1:]))


class ChineseContext(Context):
    formatter_class = ChineseHelpFormatter


def error_message(error: ClickException) -> str:
    """Click's message of a refused command line, in Chinese."""
    ctx = getattr(error, "ctx", None)
    if isinstance(error, NoSuchOption):
        suggestions = sorted(error.possibilities or ())
        return f"没有选项 {error.option_name}" + (f"（是否想用 {'、'.join(suggestions)}？）" if suggestions else "")
    if isinstance(error, BadParameter):
        hint = error.param_hint or (error.param.get_error_hint(ctx) if error.param is not None and ctx is not None else None)
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(repr(h) for h in hint)
        if isinstance(error, MissingParameter):
            kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
            return {"argument": "缺少参数", "option": "缺少选项"}.get(kind, "缺少参数") + (f" {hint}" if hint else "") + "。"
        message = translated(error.message)
        return f"{hint} 的值无效：{message}" if hint else f"值无效：{message}"
    if isinstance(error, FileError):
        return f"无法打开文件 {error.ui_filename!r}：{error.message}"
    return translated(error.message)


class ChineseUsageError(UsageError):
    def show(self, file: Any = None) -> None:
        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            if self.ctx.command.get_help_option(self.ctx) is not None:
                lines.append(f"运行“{self.ctx.command_path} {self.ctx.help_option_names[0]}”查看帮助。")
            lines.append("")
        lines.append(f"错误：{self.format_message()}")
        typer.echo("\n".join(lines), file=file or sys.stderr)


class ChineseClickError(ClickException):
    def show(self, file: Any = None) -> None:
        typer.echo(f"错误：{self.format_message()}", file=file or sys.stderr)


@contextmanager
def chinese_errors() -> Iterator[None]:
    try:
        yield
    except (ChineseUsageError, ChineseClickError, NoArgsIsHelpError):
        raise  # already said in Chinese, or the help page itself
    except UsageError as error:
        raise ChineseUsageError(error_message(error), error.ctx) from error
    except ClickException as error:
        chinese = ChineseClickError(error_message(error))
        chinese.exit_code = error.exit_code
        raise chinese from error
    except typer.Abort:
        typer.echo(ABORTED, err=True)
        raise typer.Exit(1) from None


class ChineseHelpOption:
    """The help option's own line in Chinese."""

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option


class ChineseCommand(ChineseHelpOption, TyperCommand):
    context_class = ChineseContext


class ChineseGroup(ChineseHelpOption, TyperGroup):
    """A group whose own parsing and whose subcommands' (parsed inside `invoke`) errors are Chinese."""

    context_class = ChineseContext

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any) -> Context:
        with chinese_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with chinese_errors():
            return super().invoke(ctx)


class ChineseTyper(typer.Typer):
    """A Typer app whose groups and commands speak Chinese (see the module's doc)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ChineseGroup)
        # Plain help and errors: rich's help renderer (markdown, syntax, tracebacks) alone costs
        # more start-up time than the rest of a command; tables and progress still use rich.
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("cls", ChineseCommand)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        return super().command(*args, **kwargs)
