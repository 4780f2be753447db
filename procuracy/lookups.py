"""``field__any_of=queryset.values("x")``: membership in a subquery that the planner can drive from an index.

``x IN (SELECT ...)`` inside an OR becomes, on PostgreSQL, a hashed subplan tested against every row of the outer
table (a sequential scan of 100k matters or 300k slips for a scope of a thousand). ``x = ANY(ARRAY(SELECT ...))``
is evaluated once, as an InitPlan, and its result is an index condition, so an OR of several of them (and of
plain column conditions) becomes a BitmapOr of index scans. Other databases get the plain ``IN``.
"""

from django.db.models import Field, ForeignObject, Lookup


@ForeignObject.register_lookup
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        if not getattr(self.rhs, "subquery", False) and not hasattr(self.rhs, "query"):
            raise TypeError("any_of takes a queryset of one column (.values(...)), not a list")
        # A set has no order: the model's default ordering would only sort the array (as ``__in`` also drops it).
        self.rhs.clear_ordering(clear_default=True)
        return super().get_prep_lookup()

    def process_rhs(self, compiler, connection):
        sql, params = compiler.compile(self.rhs)
        return (sql if sql.startswith("(") else f"({sql})"), params

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
