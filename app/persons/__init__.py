"""Natural persons (法定代表人, 主要负责人, 直接责任人员) and how their ID numbers are kept."""
