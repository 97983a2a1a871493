"""The credit pledge (信用承诺书) an applicant accepts in full when applying for credit repair.

The text is shown on the form with the applicant's record filled in, and stored with the
application exactly as accepted (``pledge_text``, ``pledge_version``). A new wording is a new
version here; applications keep the text they accepted.
"""

from __future__ import annotations

PLEDGE_VERSION = "ndrc-36-2026/1"

_PLEDGE = """信用承诺书

本单位（统一社会信用代码：{uscc}）就{record}申请信用修复，郑重承诺如下：

一、本单位已全面履行行政处罚决定或认定决定所规定的义务，已按期缴纳罚款、没收的违法所得等，已完成整改并经主管部门认可；所提交的申请材料和证明材料真实、准确、完整、有效，不存在隐瞒、伪造、变造等情形。

二、本单位将严格遵守生态环境保护法律、法规、规章和标准，依法依规开展生产经营活动，主动接受生态环境主管部门和社会公众的监督。

三、本单位自愿接受信用修复审查，配合主管部门核查相关情况。如承诺内容不实或违反本承诺，本单位自愿接受撤销信用修复决定、重新公示失信信息、依法依规实施失信惩戒等处理，并承担由此产生的一切法律责任。

四、本承诺书同意向社会公开，接受社会监督。

特此承诺。"""


def pledge_text(uscc: str, record: str) -> str:
    """The pledge of the enterprise ``uscc`` about ``record`` (e.g. 行政处罚决定书 文号)."""
    return _PLEDGE.format(uscc=uscc or "________", record=record)
