"""The command line's frame is Chinese (issue 14: all user-facing text in Chinese): every command's
help, and click's own messages of a refused command line, with the help fitting a terminal's width."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from gongbao.cli import app
from gongbao.cli.chinese import NO_LINE_START, cell_width, wrap_cells

ENGLISH_FRAME = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[default:", "[required]",
                 "[OPTIONS]", "COMMAND [ARGS]", "<str>", "<int>", "Error:", "Try '")  # fmt: skip
WIDTH = 80


def command_paths(command=None, path=()):
    """Every command and group of the CLI, as the words that name it."""
    command = command or get_command(app)
    yield list(path)
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*path, name))


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(WIDTH)})


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "gongbao")
def test_every_help_page_is_chinese_and_fits_the_terminal(path):
    done = run(*path, "--help")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("用法：gongbao"), done.output
    assert "选项：" in done.output and "显示此帮助并退出。" in done.output
    assert not [w for w in ENGLISH_FRAME if w in done.output], done.output
    too_wide = [line for line in done.output.splitlines() if cell_width(line) > WIDTH]
    assert not too_wide, too_wide


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tasks", "--due-before", "xx"], "错误：--due-before 的值无效：“xx”不是日期"),
        (["tasks", "--unt", "市工信局"], "错误：没有选项 --unt（是否想用 --unit？）"),
        (["nocmd"], "错误：没有命令“nocmd”。"),
        (["show"], "错误：缺少参数 '发文字号…'。"),
        (["users", "add", "bob"], "错误：缺少选项 '--role'。"),
        (["list", "a", "b"], "错误：多余的参数：a b"),
        (["tasks", "--db"], "错误：选项 --db 需要一个值。"),
        (["supervise", "board", "--today", "明天"], "错误：'--today' 的值无效：“明天”不符合格式 '%Y-%m-%d'。"),
        (["search", "公交", "--limit", "many"], "错误：'--limit' 的值无效：“many”不是整数。"),
    ],
)
def test_a_refused_command_line_is_said_in_chinese(args, message):
    done = run(*args)
    assert done.exit_code == 2, done.output
    assert message in done.output, done.output
    assert not [w for w in ENGLISH_FRAME if w in done.output], done.output
    if "用法：" in done.output:  # with the command known: its usage and where its help is
        assert re.search(r"运行“gongbao[^”]* --help”查看帮助。", done.output), done.output


def test_an_unknown_message_is_shown_as_written():
    from gongbao.cli.chinese import translated

    assert translated("Something click may say one day.") == "Something click may say one day."


@pytest.mark.parametrize("width", [10, 23, 40])
def test_wrapping_counts_columns_keeps_words_and_punctuation(width):
    text = "解析 FILES 并将其中的文件存入数据库；重复导入未变更的源文件（sqlite:///gongbao.db）不会新增任何内容。"
    lines = wrap_cells(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    for line in lines:
        fits = cell_width(line) <= width or cell_width(line[:-1]) <= width and line[-1] in NO_LINE_START
        assert fits or re.fullmatch(r"[!-~]+）?", line), lines  # only a word longer than the line overflows
        assert line[0] not in NO_LINE_START, lines
    assert any("sqlite:///gongbao.db）" in line for line in lines)  # an ASCII word is never cut


def test_the_eval_report_is_chinese_and_whole_in_a_pipe():
    done = run("eval", "--gold", "tests/fixtures/gold", "--samples", "samples")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("指标\t"), done.output  # a pipe gets tab-separated rows, not a cut table
    assert "按文号找到\t100.0%" in done.output
    assert re.search(r"\n任务 合计 \d+份文件：金标准 \d+ 项中找到 \d+ 项（共抽取 \d+ 项），单位召回率", done.output), done.output
    assert not re.search(r"gold found|measure|overall|indicator table|extracted", done.output), done.output
