"""Static material for the demo data of Yantai: places, words, names, industries.

Everything here is plain data (tuples, in a fixed order) so that a seeded ``random.Random`` gives
the same choices on every run.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    code: str  # the division code (enterprises.district_code)
    name: str  # 福山区
    short: str  # 福山 (in enterprise names)
    weight: int  # share of the enterprises
    towns: tuple[str, ...]  # 街道 and 镇 in addresses
    name_prefixes: tuple[tuple[str, int], ...]  # how enterprise names start, with weights
    uscc_divisions: tuple[tuple[str, int], ...]  # positions 3-8 of the credit code, with weights


def _district(code: str, name: str, short: str, weight: int, towns: str) -> Place:
    return Place(
        code,
        name,
        short,
        weight,
        tuple(towns.split()),
        ((f"烟台{short}", 40), (f"烟台市{name}", 12), ("烟台", 38), ("山东", 6), (short, 4)),
        ((code, 80), ("370600", 20)),
    )


def _county_city(code: str, name: str, short: str, weight: int, towns: str) -> Place:
    return Place(
        code,
        name,
        short,
        weight,
        tuple(towns.split()),
        ((name, 60), (short, 22), ("烟台", 12), ("山东", 6)),
        ((code, 92), ("370600", 8)),
    )


PLACES: tuple[Place, ...] = (
    _district(
        "370602",
        "芝罘区",
        "芝罘",
        14,
        "向阳街道 东山街道 毓璜顶街道 通伸街道 芝罘岛街道 世回尧街道 黄务街道 只楚街道 "
        "幸福街道 奇山街道 白石街道",
    ),
    _district(
        "370611",
        "福山区",
        "福山",
        8,
        "清洋街道 福新街道 东厅街道 奇泉街道 门楼镇 高疃镇 张格庄镇 回里镇",
    ),
    _district(
        "370612",
        "牟平区",
        "牟平",
        6,
        "宁海街道 文化街道 武宁街道 大窑街道 姜格庄街道 龙泉镇 玉林店镇 水道镇 观水镇 王格庄镇",
    ),
    _district(
        "370613",
        "莱山区",
        "莱山",
        9,
        "初家街道 黄海路街道 滨海路街道 院格庄街道 解甲庄街道 莱山街道",
    ),
    Place(
        "370614",
        "蓬莱区",
        "蓬莱",
        7,
        _words(
            "登州街道 紫荆山街道 新港街道 南王街道 刘家沟镇 大辛店镇 村里集镇 北沟镇 "
            "大柳行镇 南长山街道"
        ),
        (("烟台蓬莱", 25), ("蓬莱", 45), ("烟台", 20), ("山东", 5), ("长岛", 5)),
        # Before the 2020 merger: 蓬莱市 (370684) and 长岛县 (370634), still valid in old codes.
        (("370614", 35), ("370684", 45), ("370634", 8), ("370600", 12)),
    ),
    _county_city(
        "370681",
        "龙口市",
        "龙口",
        10,
        "东莱街道 龙港街道 新嘉街道 徐福街道 东江街道 诸由观镇 石良镇 北马镇 芦头镇 "
        "黄山馆镇 兰高镇 下丁家镇",
    ),
    _county_city(
        "370682",
        "莱阳市",
        "莱阳",
        7,
        "城厢街道 古柳街道 龙旺庄街道 冯格庄街道 柏林庄街道 沐浴店镇 团旺镇 穴坊镇 羊郡镇 "
        "姜疃镇 万第镇 照旺庄镇",
    ),
    _county_city(
        "370683",
        "莱州市",
        "莱州",
        10,
        "文昌路街道 永安路街道 三山岛街道 城港路街道 文峰路街道 沙河镇 朱桥镇 郭家店镇 "
        "金城镇 平里店镇 驿道镇 程郭镇 虎头崖镇 柞村镇 夏邱镇 土山镇",
    ),
    _county_city(
        "370685",
        "招远市",
        "招远",
        7,
        "罗峰街道 泉山街道 梦芝街道 温泉街道 大秦家街道 辛庄镇 蚕庄镇 金岭镇 毕郭镇 "
        "玲珑镇 张星镇 夏甸镇 阜山镇 齐山镇",
    ),
    _county_city(
        "370686",
        "栖霞市",
        "栖霞",
        5,
        "翠屏街道 庄园街道 松山街道 观里镇 蛇窝泊镇 唐家泊镇 桃村镇 亭口镇 臧家庄镇 寺口镇 "
        "苏家店镇 杨础镇 西城镇 官道镇",
    ),
    _county_city(
        "370687",
        "海阳市",
        "海阳",
        6,
        "方圆街道 东村街道 凤城街道 龙山街道 留格庄镇 盘石店镇 郭城镇 徐家店镇 发城镇 "
        "小纪镇 行村镇 辛安镇 二十里店镇",
    ),
    Place(
        "370671",
        "烟台高新技术产业开发区",
        "高新区",
        4,
        ("马山街道",),
        (("烟台高新区", 20), ("烟台", 70), ("山东", 10)),
        (("370600", 85), ("370613", 15)),
    ),
    Place(
        "370672",
        "烟台经济技术开发区",
        "开发区",
        8,
        ("大季家街道", "八角街道", "古现街道", "福莱山街道"),
        (("烟台开发区", 30), ("烟台经济技术开发区", 8), ("烟台", 55), ("山东", 7)),
        (("370600", 85), ("370611", 15)),
    ),
)

ROADS = _words(
    "长江路 黄河路 珠江路 衡山路 金沙江路 天山路 泰山路 观海路 港城东大街 "
    "港城西大街 南大街 北马路 环山路 胜利路 青年路 机场路 永达街 福海路 "
    "蓝烟路 烟威路 兴业路 工业园路 创业路 航天路 科技大道 滨海路 迎春大街 "
    "富民路 开封路 幸福路 发展大道 振华街 文化路 府前路 站前路 海港路 "
    "昌平路 金城路 龙港路 和平路 新华街 黄金大道"
)

# --- enterprise names ------------------------------------------------------------------------

BRAND_FIRST = tuple("宏金鑫华恒瑞永盛东海鲁蓝泰信利兴德润佳新昌福隆源康万嘉天中顺亿通博凯")
BRAND_SECOND = tuple("达泰源通丰盛昌隆发利诚信宇远晟润鑫泽和安兴旺顺祥瑞福康华宝德")
BRAND_THIRD = tuple("达源通丰盛昌隆发利诚信宇远晟")

SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 120), ("张", 80), ("刘", 80), ("李", 75), ("孙", 55), ("于", 45), ("姜", 40),
    ("曲", 30), ("林", 30), ("赵", 30), ("杨", 30), ("徐", 25), ("宋", 25), ("邹", 15),
    ("初", 12), ("隋", 12), ("鞠", 10), ("衣", 8), ("栾", 8), ("宫", 8), ("迟", 8), ("战", 6),
    ("矫", 6), ("陈", 25), ("高", 20), ("郭", 15), ("马", 15), ("吕", 12), ("周", 12),
    ("吴", 10), ("胡", 10), ("朱", 10), ("唐", 8), ("董", 10), ("程", 8), ("曹", 8),
    ("袁", 6), ("许", 8), ("韩", 10), ("冯", 8), ("丁", 8), ("薛", 6), ("谭", 6), ("慕", 6),
)  # fmt: skip
GIVEN_MALE = tuple("建国明军伟强志勇海涛斌刚磊鹏超波华平东峰文成杰辉林春德永新庆利光福胜立业")
GIVEN_FEMALE = tuple("丽娟燕芳敏静霞玲红梅艳秀英萍莉洁婷雪慧琳玉凤")

# ID number address codes: mostly Yantai (current and historical), some elsewhere in Shandong.
ID_AREAS: tuple[tuple[str, int], ...] = (
    ("370602", 12), ("370611", 6), ("370612", 6), ("370613", 5), ("370684", 6), ("370634", 1),
    ("370681", 8), ("370682", 6), ("370683", 8), ("370685", 6), ("370686", 5), ("370687", 5),
    ("370102", 2), ("370202", 2), ("370702", 2), ("371002", 2), ("370303", 1), ("371302", 1),
)  # fmt: skip

# --- industries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    label: str  # enterprises.industry (国民经济行业分类)
    weight: float  # share of the registry
    penalty_rate: float  # share of its enterprises with a penalty in the last four years
    assess_rate: float  # share assessed under the credit scheme (key pollutant dischargers)
    words: tuple[str, ...]  # the industry word in the name: 宏达 + 化工 + 有限公司
    violations: tuple[str, ...]  # keys of app.demo.violations.VIOLATIONS
    individual_rate: float = 0.03  # share of 个体工商户 (92 codes)
    individual_words: tuple[str, ...] = ("加工厂",)
    coop_rate: float = 0.0  # share of farmers' cooperatives (93 codes)


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "金属制品业", 7, 0.09, 0.35,
        ("铸造", "精密铸造", "机械", "五金", "锻造", "金属制品", "模具", "电镀", "机械制造"),
        ("voc", "dust", "emission_air", "eia", "acceptance", "hazwaste_storage", "permit",
         "monitoring"),
        0.05, ("铸造厂", "机械加工厂", "五金加工部"),
    ),
    Industry(
        "非金属矿物制品业", 5, 0.08, 0.35,
        ("水泥", "建材", "混凝土", "石材", "新型建材", "陶瓷", "石业"),
        ("dust", "emission_air", "eia", "evasion_air", "permit", "monitoring"),
        0.06, ("石材加工厂", "砖厂", "预制件厂"),
    ),
    Industry(
        "化学原料和化学制品制造业", 4, 0.10, 0.6,
        ("化工", "精细化工", "化学", "涂料", "新材料", "化学品"),
        ("voc", "emission_air", "emission_water", "hidden_pipe", "hazwaste_storage",
         "hazwaste_dump", "eia", "acceptance", "monitoring"),
    ),
    Industry(
        "医药制造业", 1.5, 0.07, 0.6,
        ("制药", "药业", "生物制药", "生物科技"),
        ("voc", "emission_water", "hazwaste_storage", "hazwaste_label", "acceptance"),
    ),
    Industry(
        "橡胶和塑料制品业", 4, 0.06, 0.3,
        ("塑料", "塑胶", "包装", "塑业", "橡胶", "塑料包装"),
        ("voc", "eia", "acceptance", "hazwaste_label", "permit"),
        0.05, ("塑料制品厂", "包装材料厂"),
    ),
    Industry(
        "印刷和记录媒介复制业", 2, 0.06, 0.3,
        ("印刷", "彩印", "包装印刷"),
        ("voc", "eia", "hazwaste_label"),
        0.1, ("印刷厂", "彩印部"),
    ),
    Industry(
        "纺织业", 2.5, 0.06, 0.3,
        ("印染", "纺织", "针织", "染整"),
        ("emission_water", "hidden_pipe", "eia", "monitoring"),
        0.05, ("针织厂", "纺织厂"),
    ),
    Industry(
        "农副食品加工业", 7, 0.05, 0.25,
        ("水产食品", "海洋食品", "食品", "水产", "冷藏", "海产品", "粉丝", "果品"),
        ("emission_water", "hidden_pipe", "eia", "acceptance", "emission_air"),
        0.1, ("水产品加工厂", "食品厂", "粉丝厂", "果品冷藏厂"),
    ),
    Industry(
        "畜牧业", 4, 0.05, 0.3,
        ("养殖", "畜牧", "生态养殖", "牧业", "生猪养殖"),
        ("emission_water", "eia", "hidden_pipe"),
        0.4, ("养殖场", "生猪养殖场", "养鸡场"), 0.1,
    ),
    Industry(
        "渔业", 2, 0.03, 0.2,
        ("水产养殖", "海水养殖", "渔业", "海珍品养殖"),
        ("emission_water", "eia"),
        0.25, ("海参养殖场", "水产养殖场"), 0.15,
    ),
    Industry(
        "电力、热力生产和供应业", 1.5, 0.08, 0.9,
        ("热电", "热力", "能源", "供热"),
        ("emission_air", "evasion_air", "monitoring", "dust", "permit"),
    ),
    Industry(
        "机动车燃油零售", 2, 0.07, 0.4,
        ("石油销售", "石化", "能源", "石油"),
        ("vapour", "eia"),
        0.15, ("加油站",),
    ),
    Industry(
        "有色金属矿采选业", 1.5, 0.06, 0.6,
        ("黄金", "矿业", "金矿", "金业"),
        ("emission_water", "hazwaste_storage", "dust", "eia"),
    ),
    Industry(
        "酒、饮料和精制茶制造业", 1.5, 0.03, 0.2,
        ("葡萄酒", "酒业", "酿酒", "饮品"),
        ("emission_water", "eia"),
        0.05, ("酒厂",),
    ),
    Industry(
        "汽车制造业", 2, 0.04, 0.4,
        ("汽车零部件", "汽车配件", "车桥", "汽车部件"),
        ("voc", "hazwaste_storage", "eia", "acceptance"),
    ),
    Industry(
        "通用设备制造业", 4, 0.03, 0.2,
        ("机械设备", "重工", "液压", "泵业", "轴承"),
        ("voc", "hazwaste_storage", "eia"),
        0.04, ("机械厂",),
    ),
    Industry(
        "计算机、通信和其他电子设备制造业", 2, 0.02, 0.2,
        ("电子", "光电", "电子科技"),
        ("emission_water", "hazwaste_label", "eia"),
    ),
    Industry(
        "机动车修理和维护", 4, 0.02, 0.05,
        ("汽车维修", "汽车服务", "汽修"),
        ("voc", "hazwaste_label"),
        0.7, ("汽车修理部", "汽车维修厂", "汽修厂"),
    ),
    Industry(
        "建筑业", 8, 0.01, 0.0,
        ("建筑工程", "建设工程", "建筑安装", "土石方工程"),
        ("dust_site",),
    ),
    Industry(
        "交通运输、仓储和邮政业", 5, 0.004, 0.0,
        ("物流", "运输", "仓储", "货运"),
        ("dust",),
        0.2, ("货运部", "运输队"),
    ),
    Industry(
        "批发和零售业", 20, 0.002, 0.0,
        ("商贸", "贸易", "物资", "经贸"),
        ("dust",),
        0.15, ("商店", "经营部", "批发部"),
    ),
    Industry(
        "科技推广和应用服务业", 10, 0.001, 0.0,
        ("科技", "信息技术", "网络科技", "技术服务"),
        ("eia",),
    ),
)  # fmt: skip

# Industries that are more common in some places (multipliers of the weight).
LOCAL_INDUSTRY: dict[str, dict[str, float]] = {
    "370602": {"批发和零售业": 1.6, "科技推广和应用服务业": 1.4},
    "370614": {"酒、饮料和精制茶制造业": 5, "渔业": 2},
    "370681": {"农副食品加工业": 1.8, "金属制品业": 1.5, "电力、热力生产和供应业": 1.5},
    "370682": {"农副食品加工业": 2},
    "370683": {"非金属矿物制品业": 3, "有色金属矿采选业": 3},
    "370685": {"有色金属矿采选业": 6},
    "370686": {"农副食品加工业": 2, "畜牧业": 1.5},
    "370687": {"纺织业": 3, "渔业": 2},
    "370671": {"科技推广和应用服务业": 3, "计算机、通信和其他电子设备制造业": 3},
    "370672": {"化学原料和化学制品制造业": 2, "汽车制造业": 3, "医药制造业": 2},
}

COMPANY_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("有限公司", 82),
    ("有限责任公司", 8),
    ("股份有限公司", 5),
    ("厂", 5),
)
