"""ecocredit: the public environmental credit red/black list portal (环境信用公示平台)."""

__version__ = "0.1.0"
