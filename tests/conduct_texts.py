"""What the 检风检纪 tests' case says: the words that must never leave the case's own pages."""

TITLE = "关于刘洋同志违规过问案件的举报"
ALLEGATION = "群众举报刘洋在办理某盗窃案期间接受当事人宴请"
