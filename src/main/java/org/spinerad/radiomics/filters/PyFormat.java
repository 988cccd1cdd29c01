package org.spinerad.radiomics.filters;

import java.math.BigDecimal;

/** Python's {@code str()} of numbers, needed to reproduce PyRadiomics' image-type names exactly. */
final class PyFormat {
    private PyFormat() {}

    /** str(v): integers without decimals, floats as Python's shortest repr ("3.0", "2.5", "1e-05", "1e+16"). */
    static String str(Number v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return v.toString();
        return floatRepr(v.doubleValue());
    }

    static String floatRepr(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        // Double.toString gives the shortest round-tripping digits (JDK 19+), as Python's repr
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp10 = digits.length() - 1 - bd.scale();
        String sign = v < 0 ? "-" : "";
        if (exp10 >= -4 && exp10 < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp10));
    }
}
