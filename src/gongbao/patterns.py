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
# A task's responsibility clause: the bracket that ends its paragraph.
TASK_CLAUSE = re.compile(rf"[（(](?P<clause>[^（）()]*(?:{TASK_CUE})[^（）()]*)[）)][。；;]?\s*$")
# 牵头单位：… ；责任单位：… ；配合单位：…
TASK_ROLE = re.compile(r"(?P<role>牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位)\s*[:：]")
# Unit separators — and 和 between two names, 等 before a group (市财政局等市直相关部门).
UNIT_SEPARATOR = re.compile(
    r"[、，,；;]|(?<=[局委办府厅部院会心区县市])和(?=[市各省国县吕相有])|(?<=[局委办府厅部院会心])等(?=市直|各|相关|有关)"
)
# The words of a clause around the unit names.
TASK_CUE_WORDS = re.compile(
    r"按照?职责分工负责|按职责分工负责|按照职责负责|分别负责|负责落实|具体负责|共同负责|负责|牵头|配合|参与|落实"
    r"|等相关部门|等部门|等单位|等$|按照职责|按职责"
)
# A standing statement inside a clause: 以下均需各县市区人民政府落实，不再一一列出
TASK_STANDING = re.compile(r"以下均需(?P<units>.+?)落实[，,]?\s*不再一一列出")
# What a responsible unit's name ends with: 市工信局 · 各县市区人民政府 · 国网吕梁分公司 · 市工商联 ·
# 各省级工业类开发区 · 方山生态旅游示范区 · 人行吕梁分行 · 市中小企业服务中心 · 吕梁军分区
UNIT_END = re.compile(
    r"(?:局|委|办|厅|部|院|署|会|中心|政府|公司|集团|支队|大队|分行|支行|分局|开发区|示范区|园区|管委会|联|团|站|所|社|队|军分区|银行|机构|单位|部门)$"
)


# --- Targets (extract stage) ----------------------------------------------------------------------

# 到2025年 · 到2025年底 · 到 2022 年年底 · 2024年底前 — the year a target is set for.
TARGET_ANCHOR = re.compile(r"(?:到|至)\s*(?P<y>20\d\d)\s*年\s*(?:年?底|末)?\s*(?:前)?[，,]?")
# 全社会煤炭消费总量控制在6211万吨以内 · 非化石能源消费比重达到12％ · 增长25%以上 · 净增54户
TARGET_CLAUSE = re.compile(
    r"(?P<verb>控制在|达到|达|提高到|提升到|提高至|提升至|降至|降低到|下降到|不低于|不超过|不高于|超过|突破|增长|增加到|增加|下降|减少|净增|新增|保持在|稳定在|低于)"
    r"\s*(?P<cmp_word>约)?\s*(?P<sym>[<>≤≥＜＞])?\s*(?P<value>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>[％%‰]|(?:万|亿|千|百)?(?:吨标准煤|千瓦时|平方公里|公里|千米|万元|亿元|元|吨|户|家|个|人|万人|亩|万亩|千升|辆|套|座|所|项|条|处|天|小时|倍|立方米|米|年|台|张|件|次|岁|分钟|千瓦|兆瓦))?"
    r"\s*(?P<qual>以内|以上|以下|左右)?"
)
# 由2021年的36户增加到44户 — the baseline a target starts from.
TARGET_BASELINE = re.compile(r"由\s*(?P<y>20\d\d)\s*年(?:底)?的\s*(?P<value>\d+(?:\.\d+)?\s*(?:万|亿)?[户个家人元吨亩%％]?)")


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


# --- Citations ---------------------------------------------------------------------------------
# Documents a text cites: 《title》, 发文字号, or both (extract stage, gongbao.extract.citations).

# A document number as cited in running text — laxer than DOC_NUMBER: the year may carry 年
# (吕清洁取暖办发〔2021年〕6号) and the sequence 第 (职改字〔1986〕第111号); 号文 follows at times
# (自然资办函〔2022〕411号文). The prefix may start with the words before it (根据晋政办发〔2020〕86号):
# CITED_NUMBER_LEAD cuts them off.
CITED_NUMBER = re.compile(
    rf"(?P<prefix>{DOC_PREFIX})\s*{YEAR_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*年?\s*{YEAR_CLOSE}\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
)
# Words that stand before a cited number but are no part of its prefix; the match ends at the last one.
CITED_NUMBER_LEAD = re.compile(
    r"^.*(?:根据|按照|依据|依照|参照|对照|遵照|贯彻|落实|执行|印发|转发|下发|详见|参见|和|及|与|或|的)"
)
# An order cited by its number, in the brackets after its title: （山西省人民政府令第284号） ·
# （国务院令412号） · （农业部令 第17号） · （2017年教育部、外交部、公安部令第42号）
CITED_ORDER_NUMBER = re.compile(
    rf"^\s*(?:(?:19|20)\d\d\s*年\s*)?(?P<issuer>[{CJK}、]{{1,30}}?令)\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
)

# What the title of a cited document ends with (文种 and the genres of rules, plans and laws),
# before any bracketed qualifier: 《…实施方案（2021-2025年）》 · 《…办法（试行）》 · 《…规定》(2019年修订)
# is outside. Not 《吕梁英雄传》 (a drama), 《施工许可证》, 《战略框架协议》.
CITED_GENRES = (
    *DOC_TYPES, "办法", "规定", "方案", "规划", "纲要", "条例", "细则", "措施", "计划", "要点", "预案",
    "标准", "规范", "指南", "制度", "机制", "规则", "规程", "准则", "导则", "目录", "名录", "清单", "建议",
    "章程", "守则", "法典", "法",
)
_CITED_GENRE_ALT = "|".join(sorted(CITED_GENRES, key=len, reverse=True))
CITED_TITLE_END = re.compile(rf"(?:{_CITED_GENRE_ALT})(?:[（(][^（）()]{{1,20}}[）)])*$")
# A short reference, not a title: 《规划》 · 《纲要》 · 《决定》 · 《实施方案》 · 《办法》.
CITED_GENERIC_TITLE = re.compile(
    rf"^(?:实施|行动|工作|专项|总体|管理|暂行|若干|指导|补充|发展)*(?:{_CITED_GENRE_ALT})$"
)
# An alias defined in brackets: （以下简称《规划》） · （晋政发〔2024〕6号，以下简称《决定》）
CITED_ALIAS = re.compile(r"(?:以下)?简称\s*$")

# The issuer of the cited document printed before its title: 省政府办公厅《关于…》 · 市委、市政府《…》 ·
# 生态环境部、财政部《…》 · 山西省人民政府印发的《…》. CITED_ISSUER_LEAD cuts off the words before it.
CITED_ISSUER = re.compile(
    rf"^(?P<issuer>[{CJK}、]{{1,30}}?(?:人民政府办公室|人民政府办公厅|人民政府|政府办公厅|政府办公室|政府|办公厅|办公室"
    rf"|国务院|中央|委员会|常委会|领导小组|局|厅|部|委|署|院|办|中心|总队|支队))(?:印发|发布|出台|下发|制定)?的?$"
)
CITED_ISSUER_LEAD = re.compile(
    r"^.*(?:根据|按照|依据|依照|参照|对照|遵照|贯彻落实|贯彻|落实|执行|实施|纳入|领会|学习|宣传|推进|推广|转发"
    r"|编制|修订|修改|认真|严格|全面|深入|以及|和|及|与|或|为|由|对|是|在|将|把|即)"
)

# Relation cues, looked for in the clause (between ，；。：) that holds the citation, outside brackets,
# titles and quotations.
# answers: 你局《关于…的请示》(吕城请〔2022〕31号)已收悉 · 来文收悉
CITE_ANSWERS = re.compile(r"收悉")
# implements: 为贯彻落实《…》（…）精神 · 认真落实《…》 · 根据晋政办发〔2020〕86号文件精神 (GOVERNS before, SPIRIT after)
CITE_IMPLEMENTS = re.compile(r"贯彻|落实")
CITE_GOVERNS = re.compile(r"根据|按照|依据|依照|遵照")
CITE_SPIRIT = re.compile(r"精神")
# amends: 现将《…》（吕政办发〔2012〕101号）中有关政策规定补充如下 · 《…》附表中“…”修改为：“…”
CITE_AMENDS = re.compile(rf"(?:补充|修改|修订|修正)[{CJK}]{{0,4}}如下|(?:修改|修订|更改)为")
# repeals: 《…》（…）同时废止 · 不再执行 · 停止执行
CITE_REPEALS = re.compile(r"废止|不再执行|停止执行|宣布失效|不再施行")
# replaces: 本办法代替《…》 · 自2022年1月1日起施行，原《…》同时废止 (ORIGINAL just before the citation,
# FROM_DATE in its sentence)
CITE_REPLACES = re.compile(r"代替|替代|取代")
CITE_ORIGINAL = re.compile(r"原\s*$")
CITE_FROM_DATE = re.compile(r"自.{0,40}?起")

# Where a clause / a sentence ends, in text whose brackets, titles and quotations are masked.
CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\t\n]")
SENTENCE_BREAK = re.compile(r"[。；;！!？?\t\n]")

# A title's subject: 吕梁市人民政府办公室关于印发《X》的通知 → X (the document issued with it, not cited
# by it) · 关于对X的批复 → X (what it approves). 转发 / 批转 keep theirs: the forwarded document is cited.
TITLE_SUBJECT = re.compile(
    rf"^(?P<issuer>.*?)关于(?:印发|公布|发布|对|批准|同意)?(?P<subject>.+?)的(?:{DOC_TYPE_ALT})$"
)
SUBJECT_SPLIT = re.compile(r"和|及|、")

# Comparing titles: the bracketed qualifiers at the end (（试行） · (2021—2025)), the marks dropped from
# a title's key, the dashes made one.
CITED_QUALIFIER = re.compile(r"(?:[（(][^（）()]*[）)])+$")
TITLE_KEY_MARKS = re.compile(r"[《》〈〉＜＞<>“”\"‘’']")
TITLE_KEY_DASH = re.compile(r"[—－–─-]+")
