"""What every admin page needs: the actor, the navigation, the CSRF token.

Views build their context with ``admin_context`` (or render with ``render_admin``)::

    return render_admin(request, actor, "admin/x/list.html", page_title="行政处罚", rows=rows)

and templates extend ``admin/base.html``; every POST form carries
``<input type="hidden" name="csrf_token" value="{{ csrf_token }}">``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from app.kit.actor import ROLE_LABELS, Actor, Role
from app.kit.errors import FieldError
from app.kit.regions import division_name
from app.web.auth import csrf_token, current_auth
from app.web.deps import get_templates

STAFF = frozenset({Role.clerk, Role.reviewer, Role.admin})


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    roles: frozenset[Role]


# The workspace's main navigation, in order. A feature whose pages move changes its href here.
NAV: list[NavItem] = [
    NavItem("工作台", "/admin", frozenset(Role)),
    NavItem("待审核", "/admin/review", frozenset({Role.reviewer, Role.admin})),
    NavItem("行政处罚", "/admin/penalties", STAFF),
    NavItem("行政许可", "/admin/licences", STAFF),
    NavItem("名单", "/admin/lists", STAFF),
    NavItem("联合奖惩", "/admin/measures", STAFF),
    NavItem("提名限制", "/admin/nominations", STAFF),
    NavItem("信用修复", "/admin/repairs", STAFF),
    NavItem("异议", "/admin/objections", STAFF),
    NavItem("信用报告", "/admin/reports", STAFF),
    NavItem("督察信访件", "/admin/inspections", STAFF),
    NavItem("批量导入", "/admin/imports", frozenset({Role.clerk, Role.reviewer})),
    NavItem("数据同步", "/admin/sync", STAFF),
    NavItem("用户", "/admin/users", frozenset({Role.admin})),
    NavItem("审计日志", "/admin/audit", frozenset({Role.admin})),
    NavItem("节假日日历", "/admin/calendar", frozenset({Role.admin})),
    NavItem("提名人选审查", "/admin/nomination-check", frozenset({Role.nomination})),
    NavItem("提名人选监测", "/admin/nomination-watches", frozenset({Role.nomination})),
    NavItem("提名审查记录", "/admin/nomination-checks", frozenset({Role.admin})),
]


def nav_for(actor: Actor | None, path: str) -> list[dict[str, Any]]:
    if actor is None:
        return []
    items = [item for item in NAV if actor.role in item.roles]
    # The longest matching prefix is the current section.
    current = max(
        (i.href for i in items if path == i.href or path.startswith(i.href + "/")),
        key=len,
        default=None,
    )
    return [{"label": i.label, "href": i.href, "current": i.href == current} for i in items]


def field_errors(errors: Sequence[FieldError]) -> dict[str, list[str]]:
    """``{field: [messages]}`` for showing errors next to each form field."""
    result: dict[str, list[str]] = {}
    for error in errors:
        result.setdefault(error.field, []).append(error.message)
    return result


def jurisdiction_label(actor: Actor) -> str:
    if not actor.districts:
        return "全市"
    return "、".join(division_name(code) or code for code in sorted(actor.districts))


def admin_context(request: Request, actor: Actor | None, **extra: Any) -> dict[str, Any]:
    """The base context of ``admin/base.html`` plus ``extra``."""
    auth = current_auth(request)
    context: dict[str, Any] = {
        "page_title": "工作台",
        "actor": actor,
        "user_name": auth.user.display_name if auth is not None else "",
        "role_label": ROLE_LABELS[actor.role] if actor else "",
        "jurisdiction": jurisdiction_label(actor) if actor else "",
        "nav": nav_for(actor, request.url.path),
        "csrf_token": csrf_token(request),
        "notice": request.query_params.get("notice", "")[:20],
        "errors": {},
    }
    context.update(extra)
    return context


_MASKED = (
    "文字中的身份证号码、手机号码已自动遮盖（如 370602********1234）：公示内容不得包含个人号码"
)
# Short confirmations shown after a redirect (``?notice=key``): never free text from the URL.
NOTICES: dict[str, str] = {
    "saved": "已保存",
    "created": "已创建",
    "password_changed": "密码已修改",
    "password_reset": "密码已重置，该账户需用新密码重新登录",
    "disabled": "账户已停用",
    "enabled": "账户已启用",
    "revoked": "令牌已吊销",
    # The workflows (penalties, lists, nomination bars, imports).
    "submitted": "已提交审核",
    "saved_masked": f"已保存。{_MASKED}",
    "submitted_masked": f"已提交审核。{_MASKED}",
    "approved": "已审核通过",
    "returned": "已退回修改",
    "discarded": "已作废",
    "proposed": "已提交，待另一名审核员审核",
    "rejected": "已审核，不予通过",
    "removal_proposed": "移出申请已提交，待另一名审核员审核",
    "recorded": "已登记",
    "batch_submitted": "导入批次已提交审核",
    "batch_cancelled": "导入批次已取消",
    "batch_reviewed": "已处理所选记录",
    # Credit repair and objections (app/repairs, app/objections).
    "repair_accept": "已受理",
    "repair_approve": "已准予修复：该记录已停止公示（向信用平台的撤下情况见本页“信用平台”一栏）",
    "repair_reject": "已作出不予修复的决定",
    "objection_uphold": "已答复：异议成立。请发起更正（新版本，经审核后公示）",
    "objection_reject": "已答复：异议不成立",
    "deleted": "已删除",
}


def render_admin(
    request: Request,
    actor: Actor | None,
    template: str,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    context = admin_context(request, actor, **extra)
    context["notice"] = NOTICES.get(context["notice"], "")
    response: Response = get_templates(request).TemplateResponse(
        request, template, context, status_code=status_code, headers=dict(headers or {})
    )
    return response
