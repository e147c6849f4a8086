package dev.cdcwatch.engine.rules.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.stream.Collectors;

/** Number and value printing as Go's fmt does it, so expanded templates read as Prometheus's do. */
final class GoFormat {

    private GoFormat() {
    }

    /** Go's {@code %v}: shortest representation, exponent form below 1e-4 and from 1e6 on (Go's fmt rule). */
    static String value(Object value) {
        if (value instanceof Double number) {
            return shortest(number);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> entry.getKey() + ":" + entry.getValue())
                    .collect(Collectors.joining(" ", "map[", "]"));
        }
        return String.valueOf(value);
    }

    static String shortest(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return special(value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        return exponent < -4 || exponent >= 6 ? exponential(decimal, exponent) : decimal.toPlainString();
    }

    /** Go's {@code %.Ng}: N significant digits, trailing zeros removed, exponent form when it is below -4 or at least N. */
    static String general(double value, int precision) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return special(value);
        }
        if (value == 0) {
            return "0";
        }
        int digits = precision == 0 ? 1 : precision;
        BigDecimal decimal = new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        return exponent < -4 || exponent >= digits ? exponential(decimal, exponent) : decimal.toPlainString();
    }

    private static String exponential(BigDecimal decimal, int exponent) {
        BigDecimal mantissa = decimal.movePointLeft(exponent).stripTrailingZeros();
        String sign = exponent < 0 ? "-" : "+";
        int magnitude = Math.abs(exponent);
        return mantissa.toPlainString() + "e" + sign + (magnitude < 10 ? "0" : "") + magnitude;
    }

    private static String special(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    }
}
