"""The mock municipal public credit information platform (市公共信用信息平台): a separate app."""
