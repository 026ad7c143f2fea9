"""Bodies — leading groups, work teams, commands, joint meetings, their offices — on the samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongbao import parse_file, parse_text
from gongbao.extract.bodies import Body, body_name, find_bodies
from renderings import as_pdf_dump

ROOT = Path(__file__).parent.parent
SAMPLES = {"000": "000_b6906092948a1a2c", "002": "002_07df4a15ad83cd5e", "004": "004_cae20566f423f72d"}


@pytest.fixture(scope="module")
def bodies() -> dict[str, list[Body]]:
    """doc_number → its bodies, over all samples (each parsed once)."""
    out: dict[str, list[Body]] = {}
    for seed in SAMPLES.values():
        for doc in parse_file(ROOT / "samples" / f"{seed}.txt").documents:
            out[doc.doc_number] = find_bodies(doc)
    return out


def one(bodies: dict[str, list[Body]], number: str, name: str) -> Body:
    [body] = [b for b in bodies[number] if b.name == name]
    return body


def people(body: Body) -> list[tuple[str, str | None, str | None]]:
    return [(m.role, m.person, m.position) for m in body.members]


# --- 吕政发〔2024〕4号 附件1: a PDF dump, positions hard-wrapped, names padded -----------------

WORK_TEAM_4 = [
    ("组长", "张广勇", "市委副书记、市长"),
    ("常务副组长", "任忠", "市委常委、常务副市长"),
    ("副组长", "刘晋萍", "市委常委、副市长"),
    ("副组长", "任磊", "副市长"),
    ("副组长", "油晓峰", "副市长"),
    ("副组长", "闫林", "副市长"),
    ("副组长", "郭红波", "副市长、市公安局局长"),
    ("副组长", "庞明明", "副市长"),
    ("成员", "王建强", "市政府秘书长"),
    ("成员", "杜侯平", "市政府副秘书长、市应急管理局局长"),
    ("成员", "王金荣", "市政府副秘书长"),
    ("成员", "闫斌胜", "市发展改革委主任、市国动办主任"),
    ("成员", "李冰峰", "市工信局局长"),
    ("成员", "刘建树", "市农业农村局局长"),
    ("成员", "赵雪宏", "市教育局局长"),
    ("成员", "郭力", "市卫健委主任"),
    ("成员", "杨丽", "市民政局局长"),
    ("成员", "闫玉斌", "市公安局主持日常工作副局长"),
    ("成员", "吕文平", "市文旅局局长"),
    ("成员", "李永胜", "市科技局局长"),
    ("成员", "刘智平", "市人社局局长"),
    ("成员", "高元胜", "市市场监管局局长"),
    ("成员", "刘哲群", "市行政审批局局长"),
    ("成员", "王建明", "市能源局局长"),
    ("成员", "白旭平", "市住建局局长"),
    ("成员", "蔡玉洁", "市生态环境局局长"),
    ("成员", "赵林泉", "市城市管理局局长"),
    ("成员", "张再强", "市统计局局长"),
    ("成员", "樊小明", "市财政局局长"),
    ("成员", "王恩泽", "市数据局局长"),
    ("成员", "吴海明", "市商务局局长"),
    ("成员", "刘瑞平", "市交通运输局局长"),
    ("成员", "卫海平", "市规划和自然资源局局长"),
    ("成员", "马小军", "市体育局局长"),
    ("成员", "王文奇", "市公安局交通警察支队队长"),
    ("成员", "李红亮", "国家金融监督管理总局吕梁监管分局局长"),
    ("成员", "王韶峰", "市税务局局长"),
    ("成员", "刘贵斌", "中国人民银行吕梁分行行长"),
    ("成员", "刘建峰", "市机关事务服务中心主任"),
    ("成员", "薛耀宗", "市供销社主任"),
    ("成员", "刘小强", "市现代农业发展服务中心主任"),
    ("成员", "兰国锋", "国网吕梁供电公司总经理"),
    ("成员", "杨建斌", "山西地方电力吕梁分公司总经理"),
    ("成员", "张海文", "离石区区长"),
    ("成员", "贾永祥", "汾阳市市长"),
    ("成员", "郭清智", "孝义市市长"),
    ("成员", "刘大鹏", "交城县县长"),
    ("成员", "孟兰生", "文水县县长"),
    ("成员", "李刚", "交口县县长"),
    ("成员", "张鹏耀", "石楼县县长"),
    ("成员", "孙燕飞", "中阳县县长"),
    ("成员", "燕明星", "柳林县县长"),
    ("成员", "高鹏", "方山县县长"),
    ("成员", "王小明", "岚县县长"),
    ("成员", "梁文壮", "兴县县长"),
    ("成员", "姚树山", "临县县长"),
]


def test_work_team_of_4hao_lists_every_member_as_printed(bodies):
    [body] = bodies["吕政发〔2024〕4号"]
    assert (body.name, body.kind) == ("吕梁市推动大规模设备更新和消费品以旧换新工作专班", "work_team")
    assert len(WORK_TEAM_4) == 56
    assert people(body) == WORK_TEAM_4


def test_work_team_of_4hao_office_duties_cadence_and_provenance(bodies):
    [body] = bodies["吕政发〔2024〕4号"]
    assert (body.office, body.office_director) == ("市发展改革委", "闫斌胜")
    assert body.meeting_cadence == "工作专班实行旬调度、月通报机制"
    assert body.duties == [
        "落实中央、省决策部署，统筹全市大规模设备更新和消费品以旧换新工作。",
        "调动各方面积极因素，协调解决推进重点领域设备更新、消费品以旧换新、资源回收循环利用、标准提升衔接四大行动中的重大问题，推动相关工作顺利开展。",
    ]
    assert (body.line_start, body.line_end) == (1595, 1814)
    first, deputy = body.members[0], body.members[1]
    # A wrapped position: its lines and its print (spaced label, padded name) are kept.
    assert (first.line, first.line_end, first.original) == (1623, 1625, "组 长：张广勇 市委副书记、\n市长")
    assert (deputy.line, deputy.original) == (1627, "常务副组长：任 忠 市委常委、\n常务副市长")
    assert body.members[9].original == "杜侯平 市政府副秘书\n长、市应急管\n理局局长"
    assert body.sources["name"].line_start == 1595
    assert body.sources["office"].line_start == 1782 and "办公室设在市" in body.sources["office"].text
    assert body.sources["meeting_cadence"].line_start == 1792
    assert all(s.line_start >= 1607 for s in body.duty_sources)


def test_unit_of_a_single_position(bodies):
    [body] = bodies["吕政发〔2024〕4号"]
    units = {m.person: m.unit for m in body.members}
    assert units["卫海平"] == "市规划和自然资源局"
    assert units["王文奇"] == "市公安局交通警察支队"
    assert units["张广勇"] is None  # 市委副书记、市长: no single unit
    assert units["任磊"] is None  # 副市长


# --- 吕政办函〔2024〕13号: two bodies in one notice, their meeting rule printed below both ------


def test_work_team_and_command_centre_of_13hao(bodies):
    team, centre = bodies["吕政办函〔2024〕13号"]
    assert (team.name, team.kind, len(team.members)) == ("吕梁市气象高质量发展工作专班", "work_team", 22)
    assert (centre.name, centre.kind, len(centre.members)) == ("吕梁市防冰雹作业指挥中心", "command", 16)
    assert people(team)[:4] == [
        ("组长", "庞明明", "市政府副市长"),
        ("副组长", "房志刚", "市政府副秘书长"),
        ("副组长", "卫徐刚", "市气象局局长"),
        ("成员", "孙建勤", "市发展和改革委员会三级调研员"),  # 委员 / 会三级调研员: one post
    ]
    assert ("成员", "王耀虹", "国家矿山安全监察局山西局监察执法五处副处长") in people(team)
    assert people(centre)[-1] == ("成员", "杜东", "军分区战备建设处副处长")
    assert (team.office, team.office_director) == ("市气象局", "市气象局主要负责人")
    assert (centre.office, centre.office_director) == ("市气象局", "市气象局分管副局长")
    cadence = "工作专班和指挥中心原则上每年召开1－2次会议，遇重要事项或突发事件可随时召开"
    assert team.meeting_cadence == centre.meeting_cadence == cadence
    assert team.duties[0].startswith("贯彻落实党中央国务院和省委省政府关于加快推动气象高质量发展")
    assert team.office_duties[0].startswith("承担工作专班安排的具体任务")


# --- 吕政办发〔2022〕14号 附件1: two members a row ---------------------------------------------


def test_leading_group_of_14hao_from_a_two_column_table(bodies):
    [body] = bodies["吕政办发〔2022〕14号"]
    assert (body.name, body.kind, body.found_in) == ("吕梁市清理“批而未用”专项行动领导小组", "leading_group", "table")
    # A list printed in two columns: the left column first, the right one continues it.
    assert people(body) == [
        ("组长", "油晓峰", "市政府副市长"),
        ("副组长", "张小武", "市政府副秘书长"),
        ("副组长", "卫海平", "市规划和自然资源局局长"),
        ("成员", "杜建军", "市财政局副局长"),
        ("成员", "雷海云", "市住房和城乡建设局副局长"),
        ("成员", "闫继平", "市城市管理局副局长"),
        ("成员", "付宾荣", "市水利局副局长"),
        ("成员", "石凤鸣", "市商务局副局长"),
        ("成员", "杨志峰", "市交通运输局副局长"),
        ("成员", "阴海斌", "市规划和自然资源局副局长"),
        ("成员", "王玉斌", "市行政审批服务管理局二级调研员"),
    ]
    assert [m.line for m in body.members] == [1339, 1340, 1341, 1342, 1343, 1344, 1345, 1339, 1340, 1341, 1342]
    assert (body.office, body.office_director) == ("市规划和自然资源局", "卫海平")
    assert body.sources["office"].line_start == 1347


def test_leading_group_of_9hao_two_column_table_with_its_office_in_a_cell(bodies):
    [body] = bodies["吕政办发〔2022〕9号"]
    assert body.name == "吕梁市区城市公交免费乘坐工作领导小组"
    assert people(body)[:2] == [("组长", None, "市政府副市长"), ("副组长", "王吉", "市政府副秘书长")]
    assert people(body)[-4:] == [
        ("成员", "刘建平", "市审计局总审计师"),
        ("成员", "韩建明", "市生态环境局副局长"),
        ("成员", "张天益", "市交警支队党总支委员"),
        ("成员", "雒保廷", "吕梁市离石区副区长"),
    ]
    assert len(body.members) == 13
    assert (body.office, body.office_director) == ("市交通运输局", "刘瑞平")


# --- 吕政办发〔2022〕8号: a command in running text and in a table ------------------------------


def test_fire_command_of_8hao(bodies):
    body = one(bodies, "吕政办发〔2022〕8号", "市火灾事故应急指挥部")
    assert body.kind == "command" and (body.line_start, body.line_end) == (408, 417)
    assert people(body)[:7] == [
        ("指挥长", None, "市政府分管副市长"),
        ("副指挥长", None, "协助分管副市长工作的市政府副秘书长"),
        ("副指挥长", None, "市应急局局长"),
        ("副指挥长", None, "市住建局局长"),
        ("副指挥长", None, "市城市管理局局长"),
        ("副指挥长", None, "市公安局副局长"),
        ("副指挥长", None, "市消防救援支队支队长"),
    ]
    units = [m.unit for m in body.members if m.role == "成员单位"]
    assert len(units) == 26
    assert units[0] == "吕梁军分区战备建设处" and "事发地县（市、区）政府" in units
    assert all(m.person is None and m.position is None for m in body.members if m.role == "成员单位")
    assert (body.office, body.office_director) == ("市消防救援支队", "市消防救援支队支队长")


def test_fire_command_groups_of_8hao(bodies):
    groups = [b for b in bodies["吕政办发〔2022〕8号"] if b.kind == "other"]
    assert [g.name for g in groups] == [
        "综合协调组", "灭火救援组", "专家技术组", "人员疏散组", "医学救护组",
        "社会稳定组", "应急保障组", "宣传报道组", "环境监测组", "善后工作组",
    ]
    rescue = groups[1]
    assert people(rescue)[0] == ("组长", None, "市消防救援支队支队长")
    # 成员单位：相关县（市、区）消防救 / 援大队、… — a list wrapped mid-word
    assert [m.unit for m in rescue.members[1:3]] == ["相关县（市、区）消防救援大队", "专职消防队"]
    assert rescue.duties[0].startswith("组织火情侦察，掌握火场情况")
    assert groups[2].members and len(groups[2].members) == 1  # 成员单位：根据火灾事故情况确定。 is no unit


def test_fire_command_table_of_8hao(bodies):
    body = one(bodies, "吕政办发〔2022〕8号", "市级火灾事故应急指挥机构")
    assert (body.kind, body.found_in, len(body.members)) == ("command", "table", 30)
    assert people(body)[:3] == [
        ("指挥长", None, "市政府分管副市长"),
        ("副指挥长", None, "市政府协管副秘书长"),
        ("副指挥长", None, "市应急局局长"),
    ]
    duty = {m.unit: m.duty for m in body.members if m.role == "成员单位"}
    assert duty["市交通运输局"] == "负责组织调派灭火救援所需的运输工具。"
    assert duty["市应急局"].startswith("负责统筹全市应急救援力量建设")  # the row printed without its first tab
    assert body.duties[0].startswith("贯彻落实党中央、国务院，省委、省政府及市委、市政府关于消防安全工作的决策部署")
    assert body.office_duties[0].startswith("承担火灾事故应急指挥部日常工作")


# --- 吕政办函〔2022〕6号: six work teams and their offices -------------------------------------


def test_six_work_teams_of_6hao(bodies):
    teams = [(b.name, len(b.members)) for b in bodies["吕政办函〔2022〕6号"] if b.kind == "work_team"]
    assert teams == [
        ("吕梁市推进项目建设工作专班", 34),
        ("吕梁市招商引资“三个一批”项目建设工作专班", 23),
        ("吕梁市文化旅游产业发展工作专班", 38),
        ("吕梁市推进非常规天然气产业发展工作专班", 20),
        ("吕梁市推进白酒产业发展工作专班", 23),
        ("吕梁市推进铝镁新材料产业发展工作专班", 28),
    ]


def test_vacant_posts_notes_and_wrapped_remarks_of_6hao(bodies):
    first = one(bodies, "吕政办函〔2022〕6号", "吕梁市推进项目建设工作专班")
    assert people(first)[3] == ("副组长", None, "副市长")  # 副 市 长, a post without a name
    assert ("成员", "成文豪", "市科技局副局长（主持工作）") in people(first)
    assert people(first)[-1] == ("成员", None, "13个县（市、区）长")
    assert first.office_director == "任忠" and first.office is None
    # A tab table (role | name | position) running on as plain lines after a page break.
    second = one(bodies, "吕政办函〔2022〕6号", "吕梁市招商引资“三个一批”项目建设工作专班")
    assert second.found_in == "table"
    assert people(second)[:2] == [("组长", "张广勇", "市委副书记、市长"), ("常务副组长", "刘晋萍", "市委常委、副市长")]
    assert people(second)[-1] == ("成员", None, "9个省级开发区管委会主任(吕梁经开区党工委副书记)")
    assert (second.office, second.office_director) == ("市招商引资服务中心", "裴剑英")


def test_offices_with_their_own_lists_of_6hao(bodies):
    offices = [b for b in bodies["吕政办函〔2022〕6号"] if b.kind == "office"]
    assert [(o.name, o.parent, o.office, len(o.members)) for o in offices] == [
        ("吕梁市文化旅游产业发展工作专班办公室", "吕梁市文化旅游产业发展工作专班", "市文化和旅游局", 7),
        ("吕梁市推进非常规天然气产业发展工作专班综合办公室", "吕梁市推进非常规天然气产业发展工作专班", "市发展改革委", 11),
        ("吕梁市推进非常规天然气产业发展工作专班提升上产办公室", "吕梁市推进非常规天然气产业发展工作专班", "市能源局", 9),
        ("吕梁市推进非常规天然气产业发展工作专班高效利用办公室", "吕梁市推进非常规天然气产业发展工作专班", "市城管局、市工信局", 6),
        ("吕梁市推进白酒产业发展工作专班办公室", "吕梁市推进白酒产业发展工作专班", "市工信局", 9),
    ]
    head = offices[0].members[0]
    assert (head.role, head.person, head.position, head.note) == ("办公室主任", "吕文平", None, "兼")
    # The office's head directs the body's office.
    assert one(bodies, "吕政办函〔2022〕6号", "吕梁市文化旅游产业发展工作专班").office_director == "吕文平"
    # 工作职责：指导全市非常规天然气产 / 业发展，… — a duty paragraph wrapped in two.
    assert offices[1].duties[0] == "指导全市非常规天然气产业发展，制定全市非常规天然气发展规划并组织实施。"


def test_meeting_cadence_of_6hao_teams(bodies):
    cadence = {b.name: b.meeting_cadence for b in bodies["吕政办函〔2022〕6号"] if b.kind == "work_team"}
    assert cadence["吕梁市文化旅游产业发展工作专班"] == "专班实行每月一研判、一季一推动、半年一总结"
    assert cadence["吕梁市推进白酒产业发展工作专班"] == "每季度召开一次由相关县市、部门负责人参加的白酒产业发展督促会"
    assert cadence["吕梁市推进铝镁新材料产业发展工作专班"] == "实行每月一研判、一季一推动、半年一总结制度"


# --- 000: a joint meeting, a leading group with its office ------------------------------------


def test_joint_meeting_of_44hao(bodies):
    [body] = bodies["吕政办发〔2021〕44号"]
    assert (body.name, body.kind) == ("吕梁市公平竞争审查工作联席会议", "joint_meeting")
    assert people(body)[:6] == [
        ("召集人", None, "分管市场监督管理工作的副市长"),
        ("副召集人", None, "市政府协管副秘书长"),
        ("副召集人", None, "市市场监督管理局局长"),
        ("副召集人", None, "市发展和改革委员会分管负责人"),  # 分管负 / 责人
        ("副召集人", None, "市法院分管负责人"),
        ("副召集人", None, "市商务局分管负责人"),
    ]
    units = [(m.unit, m.position) for m in body.members if m.role == "成员"]
    assert len(units) == 24
    assert units[0] == ("市市场监管局", "分管负责人") and units[-1] == ("中国人民银行吕梁中心支行", "分管负责人")
    assert (body.office, body.office_director) == ("市市场监督管理局", "市市场监督管理局局长")


def test_leading_group_and_office_of_53hao(bodies):
    group, office = bodies["吕政办发〔2021〕53号"]
    assert group.name == "吕梁市老旧小区综合改造提升工作领导小组"
    assert len(group.members) == 29
    assert people(group)[:4] == [
        ("组长", "张广勇", "市委副书记、市长"),
        ("副组长", "任忠", "市委常委、常务副市长"),
        ("副组长", "油晓峰", "市政府副市长"),
        ("副组长", "权威", "市政府秘书长"),
    ]
    assert group.duties == [
        "负责全市老旧小区改造建设管理工作的统筹协调。",
        "研究制定老旧小区改造建设的相关政策。",
        "研究解决老旧小区改造工作中的有关问题。",
        "督导全市老旧小区改造建设工作。",
    ]
    assert (group.office, group.office_director) == ("市住建局", "油晓峰")
    assert (office.kind, office.parent) == ("office", group.name)
    assert people(office) == [("主任", "油晓峰", None), ("副主任", "曲晓东", None)]
    assert office.duties[0] == "负责领导小组日常工作，协调成员部门认真履行工作职责。" and len(office.duties) == 6


def test_bodies_founded_in_running_text(bodies):
    [meeting] = bodies["吕政办发〔2021〕41号"]
    assert (meeting.name, meeting.kind, meeting.found_in) == ("吕梁市中心城区土地和规划综合执法联席会议", "joint_meeting", "prose")
    assert people(meeting) == [("召集人", None, "分管副市长或委托副秘书长"), ("成员单位", None, None)]
    assert meeting.members[1].unit == "相关部门"
    assert (meeting.office, meeting.office_director) == ("市规划和自然资源局", "市规划和自然资源局主要负责人")
    [plastics] = bodies["吕政办发〔2021〕52号"]
    assert plastics.name == "吕梁市塑料污染治理工作领导小组" and plastics.office == "市发展改革委"
    assert people(plastics)[0] == ("组长", None, "分管副市长")
    # A body founded in the text whose list is printed elsewhere is found once, from its list.
    assert [b.name for b in bodies["吕政办发〔2022〕14号"]] == ["吕梁市清理“批而未用”专项行动领导小组"]
    # Not bodies: a county-level team (各县…要成立…), a phrase, a document title.
    names = {b.name for bs in bodies.values() for b in bs}
    assert not any("的" in n or "或" in n or n.startswith("和") for n in names)


def test_no_body_in_documents_without_one(bodies):
    assert bodies["吕政任〔2024〕6号"] == []
    assert bodies["吕政发〔2021〕6号"] == []


def test_body_names():
    assert body_name("（一）工作专班组成人员") is None  # generic
    assert body_name("## 吕梁市公平竞争审查工作联席会议 组成人员名单") == "吕梁市公平竞争审查工作联席会议"
    assert body_name("2.3.1 综合协调组") == "综合协调组"
    assert body_name("吕梁市人民政府办公室") is None  # a signature, not a body
    assert body_name("领导小组下设办公室，设在市规划和自然资源局") is None


def test_to_json_carries_provenance(bodies):
    [body] = bodies["吕政发〔2024〕4号"]
    data = json.loads(json.dumps(body.to_json(), ensure_ascii=False))
    assert data["members"][0]["original"] == "组 长：张广勇 市委副书记、\n市长"
    assert data["sources"]["office"]["line_start"] == 1782
    assert data["doc_number"] == "吕政发〔2024〕4号"


# --- The same lists out of a PDF-style rendering ----------------------------------------------


@pytest.mark.parametrize(
    ("seed", "number", "name"),
    [
        ("000", "吕政办发〔2021〕44号", "吕梁市公平竞争审查工作联席会议"),
        ("000", "吕政办发〔2021〕53号", "吕梁市老旧小区综合改造提升工作领导小组"),
        ("004", "吕政办发〔2022〕8号", "市火灾事故应急指挥部"),
        ("004", "吕政办函〔2022〕6号", "吕梁市推进项目建设工作专班"),
        ("004", "吕政办函〔2022〕6号", "吕梁市推进非常规天然气产业发展工作专班综合办公室"),
    ],
)
def test_member_lists_survive_a_pdf_rendering(bodies, seed, number, name):
    text = (ROOT / "samples" / f"{SAMPLES[seed]}.txt").read_text(encoding="utf-8")
    rendered = parse_text(as_pdf_dump(text, columns=36, page_lines=40).text, SAMPLES[seed])
    [doc] = [d for d in rendered.documents if d.doc_number == number]
    [again] = [b for b in find_bodies(doc) if b.name == name]
    expected = one(bodies, number, name)
    assert [(m.role, m.person, m.position, m.unit) for m in again.members] == [
        (m.role, m.person, m.position, m.unit) for m in expected.members
    ]
    assert (again.office, again.office_director) == (expected.office, expected.office_director)
