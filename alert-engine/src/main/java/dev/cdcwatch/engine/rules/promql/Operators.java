package dev.cdcwatch.engine.rules.promql;

import dev.cdcwatch.engine.rules.promql.VectorMatching.Cardinality;

import java.util.List;
import java.util.Optional;

/** The subset's operator tokens and aggregation names, and the type rules of binary operations. */
final class Operators {

    private Operators() {
    }

    static Optional<BinaryOp> binaryOp(Token token) {
        return Optional.ofNullable(switch (token.kind()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case EQL -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case LSS -> BinaryOp.LSS;
            case LTE -> BinaryOp.LTE;
            case GTR -> BinaryOp.GTR;
            case GTE -> BinaryOp.GTE;
            case IDENTIFIER -> switch (token.text()) {
                case "and" -> BinaryOp.AND;
                case "or" -> BinaryOp.OR;
                case "unless" -> BinaryOp.UNLESS;
                default -> null;
            };
            default -> null;
        });
    }

    static Optional<AggregationOp> aggregationOp(String name) {
        return switch (name) {
            case "sum" -> Optional.of(AggregationOp.SUM);
            case "min" -> Optional.of(AggregationOp.MIN);
            case "max" -> Optional.of(AggregationOp.MAX);
            case "avg" -> Optional.of(AggregationOp.AVG);
            case "count" -> Optional.of(AggregationOp.COUNT);
            default -> Optional.empty();
        };
    }

    /** Checks operand types and modifiers as Prometheus does, then builds the expression. */
    static Expr binary(Token at, BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching)
            throws PromQlSyntaxException {
        for (Expr operand : List.of(lhs, rhs)) {
            if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
                throw PromQlParser.error(at, "binary expression must contain only scalar and instant vector types, got "
                        + operand.type().description());
            }
        }
        boolean bothVectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
        if (op.isComparison() && !returnBool && lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
            throw PromQlParser.error(at, "comparisons between scalars must use BOOL modifier");
        }
        if (op.isSetOperator() && !bothVectors) {
            throw PromQlParser.error(at, "set operator '" + op.symbol() + "' not allowed in binary scalar expression");
        }
        boolean hasModifier = !matching.labels().isEmpty() || matching.on()
                || matching.cardinality() == Cardinality.MANY_TO_ONE || matching.cardinality() == Cardinality.ONE_TO_MANY;
        if (!bothVectors && hasModifier) {
            throw PromQlParser.error(at, "vector matching only allowed between instant vectors");
        }
        return new BinaryExpr(op, lhs, rhs, returnBool, bothVectors ? matching : null);
    }
}
