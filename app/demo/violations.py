"""The violations of the demo data, with their real legal provisions and fine ranges.

``violated`` is the provision broken, ``basis`` the article that sets the penalty (处罚依据), and
the fine range is the statutory one in 万元 (e.g. 《大气污染防治法》第一百零八条: 二万元以上二十万元
以下). Facts are templates filled with the inspection date and a detail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.models.listing import BlackListCategory

AIR = "《中华人民共和国大气污染防治法》"
WATER = "《中华人民共和国水污染防治法》"
SOLID = "《中华人民共和国固体废物污染环境防治法》"
EIA = "《中华人民共和国环境影响评价法》"
PROJECTS = "《建设项目环境保护管理条例》"
PERMITS = "《排污许可管理条例》"
EPL = "《中华人民共和国环境保护法》"


@dataclass(frozen=True)
class Violation:
    key: str
    type: str  # 违法行为类型
    violated: str
    basis: str  # 处罚依据
    fine_min: Decimal  # 万元
    fine_max: Decimal  # 万元; for "investment" and "disposal" fines see fine_kind
    facts: tuple[str, ...]  # templates with {date}, {detail} and {word} (the industry word)
    details: tuple[str, ...]  # may contain {word}
    order: str  # what the decision orders besides the fine
    fine_kind: str = "range"  # "range", "investment" (1%-5% of it), "disposal" (3-5 times)
    minor_rate: float = 0.0  # share decided as 轻微 (fine at the statutory minimum)
    serious_rate: float = 0.0  # share decided as 严重
    serious_category: str = "责令停产停业"  # the 处罚类别 added when serious
    serious_order: str = "责令停产整治"
    black_category: BlackListCategory | None = None


_EXCESS_AIR = (
    "{date}，{word}生产线废气排放口监督性监测结果显示，{detail}",
    "{date}，执法人员调取该单位自动监测数据并现场采样，{detail}",
)
_EXCESS_WATER = ("{date}，执法人员对该单位废水总排口外排废水采样监测，{detail}",)

VIOLATIONS: dict[str, Violation] = {
    v.key: v
    for v in (
        Violation(
            "eia", "未批先建", f"{EIA}第二十五条", f"{EIA}第三十一条第一款",
            Decimal(0), Decimal(0),
            ("经查，该单位{detail}项目未依法报批建设项目环境影响评价文件，于{date}前擅自开工建设，"
             "至检查时主体工程已基本建成。",),
            ("{word}生产线扩建", "{word}技术改造", "新建生产车间", "新建仓储及配套设施"),
            "责令停止建设", fine_kind="investment", serious_rate=0.15,
            serious_category="限制开展生产经营活动", serious_order="责令停止建设，并恢复原状",
            black_category=BlackListCategory.unapproved_construction,
        ),
        Violation(
            "acceptance", "未验先投", f"{PROJECTS}第十九条第一款", f"{PROJECTS}第二十三条第一款",
            Decimal(20), Decimal(100),
            ("经查，该单位{detail}项目需要配套建设的环境保护设施未经验收，主体工程于{date}前即投入"
             "生产。",),
            ("{word}生产线扩建", "{word}技术改造", "新建生产线"),
            "责令限期改正",
        ),
        Violation(
            "voc", "挥发性有机物未密闭收集处理", f"{AIR}第四十五条", f"{AIR}第一百零八条第（一）项",
            Decimal(2), Decimal(20),
            ("{date}，执法人员现场检查发现，该单位{detail}，挥发性有机物废气未经有效收集处理直接"
             "排放。",),
            ("喷漆作业未在密闭空间内进行", "调漆、喷涂工序未密闭",
             "活性炭吸附装置长期未更换活性炭、治理设施闲置", "有机废气收集系统风机未开启"),
            "责令改正", minor_rate=0.25,
        ),
        Violation(
            "dust", "未采取措施防治扬尘污染", f"{AIR}第七十二条第一款",
            f"{AIR}第一百一十七条第（一）项", Decimal(1), Decimal(10),
            ("{date}，执法人员现场检查发现，该单位{detail}，未采取有效覆盖措施防治扬尘污染。",),
            ("厂区露天堆放砂石料", "煤堆、料堆未密闭或覆盖", "物料装卸场地未采取喷淋抑尘措施"),
            "责令改正", minor_rate=0.35,
        ),
        Violation(
            "dust_site", "施工工地未采取有效防尘降尘措施", f"{AIR}第六十九条第三款",
            f"{AIR}第一百一十五条第一款第（一）项", Decimal(1), Decimal(10),
            ("{date}，执法人员现场检查发现，该单位承建的施工工地{detail}。",),
            ("裸露土方未覆盖", "出入车辆未冲洗", "未设置硬质围挡"),
            "责令改正", minor_rate=0.35,
        ),
        Violation(
            "emission_air", "超标排放大气污染物", f"{AIR}第十八条", f"{AIR}第九十九条第（二）项",
            Decimal(10), Decimal(100), _EXCESS_AIR, ("颗粒物", "二氧化硫", "氮氧化物"),
            "责令改正", serious_rate=0.1,
            serious_order="责令停产整治，并将涉嫌环境污染犯罪案件移送公安机关",
            black_category=BlackListCategory.crime,
        ),
        Violation(
            "emission_water", "超标排放水污染物", f"{WATER}第十条", f"{WATER}第八十三条第（二）项",
            Decimal(10), Decimal(100), _EXCESS_WATER, ("化学需氧量", "氨氮", "总磷"),
            "责令改正", serious_rate=0.1,
            serious_order="责令停产整治，并将涉嫌环境污染犯罪案件移送公安机关",
            black_category=BlackListCategory.crime,
        ),
        Violation(
            "evasion_air", "逃避监管排放大气污染物", f"{AIR}第二十条第二款",
            f"{AIR}第九十九条第（三）项", Decimal(10), Decimal(100),
            ("{date}，执法人员现场检查发现，该单位{detail}，逃避监管排放大气污染物。",),
            ("废气处理设施旁路阀门处于开启状态，部分废气未经处理经旁路直接排放",
             "人为干扰自动监测设备采样系统", "擅自拆除除尘设施后继续生产"),
            "责令改正", serious_rate=0.3,
            serious_order=f"责令停产整治，并依据{EPL}第六十三条将案件移送公安机关",
            black_category=BlackListCategory.hidden_discharge,
        ),
        Violation(
            "hidden_pipe", "通过暗管逃避监管排放水污染物", f"{WATER}第三十九条",
            f"{WATER}第八十三条第（三）项", Decimal(10), Decimal(100),
            ("{date}，执法人员现场检查发现，该单位{detail}，将生产废水未经处理直接排入外环境。",),
            ("在厂区东侧私设暗管", "利用雨水管道", "通过厂区后侧渗坑"),
            "责令改正", serious_rate=0.45,
            serious_order=f"责令停产整治，并依据{EPL}第六十三条将案件移送公安机关",
            black_category=BlackListCategory.hidden_discharge,
        ),
        Violation(
            "hazwaste_storage", "未按规定贮存危险废物", f"{SOLID}第八十一条第一款",
            f"{SOLID}第一百一十二条第一款第（六）项", Decimal(10), Decimal(100),
            ("{date}，执法人员现场检查发现，该单位产生的{detail}未按照国家环境保护标准贮存，"
             "露天堆放于厂区空地且未采取防渗漏措施。",),
            ("废矿物油", "废活性炭", "废漆渣", "含铬污泥", "废酸"),
            "责令改正",
        ),
        Violation(
            "hazwaste_label", "未按规定设置危险废物识别标志", f"{SOLID}第七十七条",
            f"{SOLID}第一百一十二条第一款第（一）项", Decimal(10), Decimal(100),
            ("{date}，执法人员现场检查发现，该单位{detail}贮存场所未按照规定设置危险废物识别"
             "标志。",),
            ("废矿物油", "废活性炭", "废包装桶", "废切削液"),
            "责令改正",
        ),
        Violation(
            "hazwaste_dump", "非法倾倒危险废物", f"{SOLID}第二十条第一款",
            f"{SOLID}第一百一十二条第一款第（三）项", Decimal(20), Decimal(0),
            ("经查，{date}，该单位将生产过程中产生的{detail}擅自倾倒于厂区外荒地。",),
            ("废矿物油约3吨", "精馏残渣约5吨", "废酸约8吨", "含铬污泥约12吨"),
            "责令改正", fine_kind="disposal", serious_rate=0.6,
            serious_order="责令停产整治，并将涉嫌环境污染犯罪案件移送公安机关",
            black_category=BlackListCategory.hazardous_waste_dumping,
        ),
        Violation(
            "vapour", "加油站油气回收装置未正常使用", f"{AIR}第四十七条第二款",
            f"{AIR}第一百零八条第（五）项", Decimal(2), Decimal(20),
            ("{date}，执法人员现场检查发现，该加油站{detail}。",),
            ("油气回收装置未正常运行，加油枪气液比不符合标准要求",
             "卸油油气回收接口未连接即进行卸油作业", "油气回收在线监控系统未正常使用"),
            "责令改正", minor_rate=0.3,
        ),
        Violation(
            "monitoring", "未按规定安装使用自动监测设备", f"{AIR}第二十四条第一款",
            f"{AIR}第一百条第（三）项", Decimal(2), Decimal(20),
            ("{date}，执法人员现场检查发现，该单位作为重点排污单位，{detail}。",),
            ("未按照规定安装大气污染物排放自动监测设备",
             "自动监测设备未与生态环境主管部门的监控设备联网", "自动监测设备未保证正常运行"),
            "责令改正", minor_rate=0.2,
        ),
        Violation(
            "permit", "未取得排污许可证排放污染物", f"{PERMITS}第二条第一款",
            f"{PERMITS}第三十三条第（一）项", Decimal(20), Decimal(100),
            ("{date}，执法人员现场检查发现，该单位未依法取得排污许可证，{detail}。",),
            ("生产设施正常运行并排放废气", "生产废水经处理后排放"),
            "责令改正",
        ),
        Violation(
            "burning", "露天焚烧产生有毒有害烟尘的物质", f"{AIR}第八十二条第一款",
            f"{AIR}第一百一十九条第二款", Decimal("0.05"), Decimal("0.2"),
            ("{date}，执法人员现场检查发现，当事人在村庄附近空地露天焚烧{detail}，产生有毒有害"
             "烟尘。",),
            ("废旧轮胎", "废塑料", "废电缆外皮"),
            "责令改正",
        ),
    )
}  # fmt: skip

# Emission limits used in the facts (mg/m³ or mg/L) and the standards they come from.
_AIR_STANDARD = "《区域性大气污染物综合排放标准》（DB37/2376-2019）"
_WATER_STANDARD = "《流域水污染物综合排放标准 第5部分：半岛流域》（DB37/3416.5-2018）"
LIMITS = {
    "颗粒物": (10, "mg/m³", _AIR_STANDARD),
    "二氧化硫": (50, "mg/m³", _AIR_STANDARD),
    "氮氧化物": (100, "mg/m³", _AIR_STANDARD),
    "化学需氧量": (50, "mg/L", _WATER_STANDARD),
    "氨氮": (5, "mg/L", _WATER_STANDARD),
    "总磷": (0.5, "mg/L", _WATER_STANDARD),
}

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿")


def _section(value: int) -> str:
    text, zero = "", False
    for position in (3, 2, 1, 0):
        digit = value // 10**position % 10
        if digit == 0:
            zero = bool(text)
        else:
            if zero:
                text += "零"
                zero = False
            text += _DIGITS[digit] + _UNITS[position]
    return text


def rmb_upper(yuan: int) -> str:
    """A whole amount of yuan in capital numerals, as decisions write it: 壹拾贰万叁仟元整."""
    if yuan == 0:
        return "零元整"
    sections: list[int] = []
    while yuan:
        sections.append(yuan % 10_000)
        yuan //= 10_000
    text, gap = "", False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            gap = bool(text)
            continue
        if text and (gap or section < 1000):
            text += "零"
        text += _section(section) + _SECTIONS[index]
        gap = False
    return text + "元整"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def wan_text(amount: Decimal) -> str:
    """12.3 (万元) as decisions print it, without trailing zeros."""
    return format(amount.normalize(), "f")
