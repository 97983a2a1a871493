"""Credit levels: level schemes (绿/蓝/黄/黑) and the points that lead to them."""
