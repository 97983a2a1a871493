"""Chinese names of audit actions, for the audit pages. A feature adds its actions here;
an action without a label is shown as it is."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.login_refused": "登录被拒（账户锁定中）",
    "auth.lockout": "账户被锁定",
    "auth.logout": "退出登录",
    "user.create": "创建用户",
    "user.update": "修改用户",
    "user.disable": "停用用户",
    "user.enable": "启用用户",
    "user.password_reset": "重置密码",
    "user.password_change": "修改本人密码",
    "token.create": "创建接口令牌",
    "token.revoke": "吊销接口令牌",
    "audit.export": "导出审计日志",
    # the workflows (app/penalties, app/lists, app/nominations/bars.py, app/persons, app/imports)
    "enterprise.create": "新建企业",
    "penalty.create": "录入行政处罚",
    "penalty.edit": "修改行政处罚",
    "penalty.submit": "提交审核",
    "penalty.approve": "审核通过并公示",
    "penalty.return": "退回修改",
    "penalty.discard": "作废",
    "penalty.correct": "更正行政处罚（新版本）",
    "penalty_import.upload": "上传批量导入文件",
    "penalty_import.submit": "提交导入批次",
    "penalty_import.cancel": "取消导入批次",
    "penalty_import.approve": "审核通过导入记录",
    "penalty_import.return": "退回导入记录",
    "list_entry.propose": "提议列入名单",
    "list_entry.approve": "名单审核通过",
    "list_entry.reject": "名单不予通过",
    "list_entry.removal_propose": "申请移出名单",
    "list_entry.removal_approve": "同意移出名单",
    "list_entry.removal_reject": "不予移出名单",
    "person.create": "登记人员",
    "person.role": "登记人员职务",
    "nomination_bar.propose": "提议提名限制",
    "nomination_bar.approve": "确认提名限制",
    "nomination_bar.reject": "不予确认提名限制",
    "nomination_bar.revoke": "撤销提名限制",
    "calendar.add": "添加节假日或调休上班日",
    "calendar.remove": "删除节假日或调休上班日",
    "nomination_check.run": "提名人选审查",
    "nomination_check.download": "下载提名审查结果",
    "nomination_check.export": "导出提名审查记录",
    "nomination_check.purge": "删除过期的提名审查结果",
    # credit repair and objections (app/repairs, app/objections)
    "repair.apply": "提交信用修复申请",
    "repair.accept": "受理信用修复申请",
    "repair.approve": "准予信用修复（停止公示）",
    "repair.reject": "不予信用修复",
    "objection.submit": "提出异议",
    "objection.uphold": "异议成立",
    "objection.reject": "异议不成立",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
