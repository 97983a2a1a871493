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
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
