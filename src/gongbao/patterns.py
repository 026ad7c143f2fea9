"""Every regular expression about the language of Chinese official documents, in one place.

Built from small named pieces, each with sample strings from real gazettes. Patterns apply to text
whose whitespace inside numbers and labels has already been closed up by the layout stage unless
they say otherwise.
"""

from __future__ import annotations

import re

# --- Pieces -------------------------------------------------------------------------------------

CJK = r"\u4e00-\u9fff"
# Opening / closing brackets that printers use around the year of a document number:
# 〔2021〕 (GB/T 9704), ﹝2021﹞, [2021], 【2021】, （2021）, (2021), 〈2021〉.
YEAR_OPEN = r"[〔﹝\[【（(〈［]"
YEAR_CLOSE = r"[〕﹞\]】）)〉］]"

# 文种 (GB/T 9704 / 党政机关公文处理工作条例 §8), longest first where one ends another.
DOC_TYPES = (
    "通知", "批复", "函", "通报", "意见", "决定", "公告", "通告", "报告", "请示", "纪要", "命令",
    "议案", "决议", "公报",
)
# An order is titled by its issuer and 令 alone: 吕梁市人民政府令 (文种 命令).
ORDER_SUFFIX = "令"
DOC_TYPE_ALT = "|".join(sorted((*DOC_TYPES, ORDER_SUFFIX), key=len, reverse=True))

# An organisation-code prefix of a document number: 吕政发, 吕政办发, 吕政办函, 晋政发, 国办发, 吕政任.
DOC_PREFIX = rf"[{CJK}]{{1,10}}"

# --- Document numbers (发文字号) -----------------------------------------------------------------

# 吕政发〔2021〕6号 · 吕政办发〔2021〕39 号 · 吕政办发﹝2021﹞39号 · 晋政发[2024]10号
# Whitespace may stand anywhere inside (PDF dumps pad numbers with spaces).
DOC_NUMBER = re.compile(
    rf"""
    (?P<prefix>{DOC_PREFIX})
    \s*{YEAR_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{YEAR_CLOSE}\s*
    (?P<seq>\d{{1,5}})\s*号
    """,
    re.VERBOSE,
)

# A line that is nothing but a document number: the 发文字号 line of a document's head.
DOC_NUMBER_LINE = re.compile(rf"^\s*{DOC_NUMBER.pattern}\s*$", re.VERBOSE)

# 第3号 / 〔2021〕第3号 style numbers of 令 and 公告 (吕梁市人民政府令 第12号).
ORDINAL_NUMBER_LINE = re.compile(r"^\s*(?:〔\d{4}〕)?\s*第\s*[0-9一二三四五六七八九十百〇零]+\s*号\s*$")

# --- Dates --------------------------------------------------------------------------------------

# 2021 年 7 月 6 日 · 2021年7月12日 · 2021.7.6 is not used for 成文日期.
DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
CN_DIGITS = "〇零一二三四五六七八九十"
# 二〇二一年七月六日 (older documents print 成文日期 in Chinese numerals).
CN_DATE = re.compile(
    rf"(?P<y>[{CN_DIGITS}]{{4}})\s*年\s*(?P<m>[{CN_DIGITS}]{{1,2}})\s*月\s*(?P<d>[{CN_DIGITS}]{{1,3}})\s*日"
)
_DATE_BARE = r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_CN_DATE_BARE = rf"[{CN_DIGITS}]{{4}}\s*年\s*[{CN_DIGITS}]{{1,2}}\s*月\s*[{CN_DIGITS}]{{1,3}}\s*日"
# A line holding only a date: the 成文日期 under the signature.
DATE_LINE = re.compile(rf"^\s*(?:{_DATE_BARE}|{_CN_DATE_BARE})\s*$")
# Signature and date on one line: 吕梁市人民政府 2021年7月12日
SIGNED_DATE_LINE = re.compile(rf"^\s*(?P<org>[{CJK}（）()、]{{2,40}}?)\s*(?P<date>{_DATE_BARE}|{_CN_DATE_BARE})\s*$")

# --- Head and foot elements ---------------------------------------------------------------------

# （此件公开发布） (此件公开发布) — the 附注 that says a document is published; also its siblings.
DISCLOSURE = re.compile(r"^\s*[（(]\s*此件\s*(?P<what>[^）)]{2,12}?)\s*[）)]\s*$")
# （此件公开发布） / （此件主动公开） publish; （此件依申请公开） / （此件不予公开） do not.
NOT_PUBLIC_NOTES = ("不予公开", "不公开", "依申请公开", "非公开")

# 主送机关 line: ends with a full- or half-width colon. 各县（市、区）人民政府，市直有关单位：
RECIPIENT_END = re.compile(r"[:：]\s*$")

# 附件：1.市政府决定相应取消的行政审批事项目录 · 附件：吕梁市…目录（8项） · 附件 1
ATTACHMENT_LIST = re.compile(r"^\s*附\s*件\s*[:：]\s*(?P<rest>.*)$")
ATTACHMENT_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
ATTACHMENT_HEAD = re.compile(r"^\s*附\s*件\s*(?P<n>\d{1,2})?\s*$")

# --- Consultation blocks (政策咨询) ---------------------------------------------------------------

# Labels printed above / beside the block or under its QR codes: 政 策 咨 询 · 咨 询 与 解 读 ·
# 政策解读 · 扫码咨询 · 扫码阅读.
CONSULT_LABEL = re.compile(r"^\s*(?:政策咨询|咨询与解读|政策解读|扫码咨询|扫码阅读|扫码解读|咨询)\s*$")
# 咨询单位：吕梁市金融工作办公室 · 咨询单位: 吕梁市司法局 · 咨询单位 (table form, values below)
CONSULT_UNIT = re.compile(r"^\s*咨询单位\s*[:：]?\s*(?P<unit>.*?)\s*$")
# 咨询电话：8234038 · 咨询电话：8229793 8229791 · 咨询电话：8237537 政策解读
CONSULT_PHONE = re.compile(r"^\s*咨询电话\s*[:：]?\s*(?P<phones>.*?)\s*$")
PHONE = re.compile(r"(?:\(?0\d{2,3}\)?[-－]?)?\d{7,8}|1[3-9]\d{9}")

# --- Gazette issue (masthead, cover, running header) --------------------------------------------

GAZETTE_NAME = re.compile(rf"(?P<name>[{CJK}]{{2,12}}(?:人民政府|政府)公报)")
# 2022 年第 2 期（总第 17 期） · 2021 · 4 · 2024·3 · 总第12号
ISSUE_YEAR_NO = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*第\s*(?P<n>\d{1,3})\s*期")
ISSUE_DOT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[·•・.]\s*(?P<n>\d{1,2})(?!\d)")
ISSUE_TOTAL = re.compile(r"总\s*第\s*(?P<t>\d{1,4})\s*[期号]")

# --- Page furniture -----------------------------------------------------------------------------

# - 3 - · — 12 — · －5－ · 第 3 页
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+|第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4})\s*$")

# Back-cover colophon lines: 主办单位：… · 地 址：… · 邮 编：033000 · 传达政令 公开信息 …
COLOPHON = re.compile(
    r"^\s*(?:主办单位|承办单位|编辑|出版|印刷|发行|地址|邮编|电话|传真|网址|邮箱|赠阅范围|刊号|准印证)\s*[:：]"
    r"|^\s*传达政令"
)

# --- Titles ---------------------------------------------------------------------------------------

TITLE_END = re.compile(rf"(?:{DOC_TYPE_ALT})$")
# An issuer: ends like an organ of state. 吕梁市人民政府 · 吕梁市人民政府办公室 · 吕梁市教育局
ISSUER_END = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "委员会", "政府", "局", "厅",
    "委", "办", "部", "院", "署", "会", "中心", "集团", "公司", "支队", "分局", "分行",
)

# What the title of an issued plan or measure ends with: 吕梁市2024年经营主体深化年行动方案.
PLAN_GENRE_END = re.compile(
    r"(?:方案|规划|纲要|计划|办法|细则|意见|措施|规定|条例|分解|要点|清单|预案|制度|机制|标准|指南|目录|名单|安排|规则)"
    r"(?:[（(][^）)]{1,20}[）)])*$"
)

# Lines that end a sentence: a title piece never ends like this.
SENTENCE_END = re.compile(r"[。；;！!？?：:]\s*$")

# Whitespace and markdown markers removed from strings compared to gold.
MARKUP = re.compile(r"</?b>|\*\*|^#+\s*|<br\s*/?>", re.MULTILINE)
WHITESPACE = re.compile(r"\s+")

# --- Tasks: responsibility clauses (extract stage) -----------------------------------------------

# Words that make a bracket at the end of a paragraph a responsibility clause.
TASK_CUE = r"牵头|负责|配合|责任单位|完成时限|前完成|底前|长期推进|持续推进"
# 2021年8月底前完成 · 2021 年 7 月底前 · 2021年8月前 · 2021年底前 · 2021年年底前 · 2024年5月10日前 ·
# 长期推进 / 持续推进 (no date)
TASK_DEADLINE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<end>底|末))?|年?底|年内)\s*(?P<before>前|以前)?\s*(?:完成)?"
    r"|(?P<ongoing>长期推进|持续推进|长期坚持)"
)
# What a responsible unit's name ends with: 市工信局 · 各县市区人民政府 · 国网吕梁分公司 · 市工商联 ·
# 各省级工业类开发区 · 方山生态旅游示范区 · 人行吕梁分行 · 市中小企业服务中心 · 吕梁军分区
UNIT_END = re.compile(
    r"(?:局|委|办|厅|部|院|署|会|中心|政府|公司|集团|支队|大队|分行|支行|分局|开发区|示范区|园区|管委会|联|团|站|所|社|队|军分区|银行|机构|单位|部门)$"
)


# --- Outline numbering (structure stage) ---------------------------------------------------------
# Each has `number` (the marker as printed) and `value` (the numeral inside it).

CN_NUMERAL = "一二三四五六七八九十百零〇两"
# 第三章 打造一流创新生态 · 第十九条 决策承办部门… · 第一节 发展回顾
OUTLINE_CHAPTER = re.compile(rf"^(?P<number>第\s*(?P<value>[{CN_NUMERAL}\d]{{1,4}})\s*章)\s*")
OUTLINE_SECTION = re.compile(rf"^(?P<number>第\s*(?P<value>[{CN_NUMERAL}\d]{{1,4}})\s*节)\s*")
OUTLINE_ARTICLE = re.compile(rf"^(?P<number>第\s*(?P<value>[{CN_NUMERAL}\d]{{1,4}})\s*条)\s*")
# 一、主要目标 (also 一. / 一．, as some converters print it)
OUTLINE_CN = re.compile(rf"^(?P<number>(?P<value>[{CN_NUMERAL}]{{1,3}})\s*[、.．])\s*")
# （一）重点领域设备更新行动 · (二) 狠抓能力建设
OUTLINE_PAREN_CN = re.compile(rf"^(?P<number>[（(]\s*(?P<value>[{CN_NUMERAL}]{{1,3}})\s*[）)])\s*")
# 1.工业设备绿色智能更新升级工程 · 1． · 1、 — not 1.5亿元 (a decimal)
OUTLINE_ARABIC = re.compile(r"^(?P<number>(?P<value>\d{1,3})\s*[.．、](?!\d))\s*")
# （1）设备现状摸排 · (12)
OUTLINE_PAREN_ARABIC = re.compile(r"^(?P<number>[（(]\s*(?P<value>\d{1,3})\s*[）)])\s*")
OUTLINE_CIRCLED = re.compile(r"^(?P<number>(?P<value>[①-⑳]))\s*")
# 专栏 1-2：“十四五”吕梁市转型出雏型主要指标 · 专栏:10-2: 文化产业重点项目
OUTLINE_BOX = re.compile(r"^(?P<number>专栏\s*[:：]?\s*(?P<value>\d{1,2}\s*[-－—–]\s*\d{1,2}|\d{1,2}))\s*[:：]?\s*")
# 附件 1 · 附件2 · 附件 (a line of its own, the attachment's body follows)
OUTLINE_ATTACHMENT = re.compile(r"^(?P<number>附\s*件\s*(?P<value>\d{1,2})?)\s*$")
