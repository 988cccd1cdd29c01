package org.spinerad.radiomics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The radix sort used for percentiles must give exactly what Arrays.sort gives. */
class FirstOrderSortTest {
    @Test
    void floatValuedDataSortsLikeArraysSort() {
        Random r = new Random(7);
        double[] x = new double[20000];
        for (int i = 0; i < x.length; i++)
            x[i] = switch (i % 7) {
                case 0 -> (float) (r.nextGaussian() * 1e3);
                case 1 -> (float) (r.nextGaussian() * 1e-30);
                case 2 -> -0.0;
                case 3 -> 0.0;
                case 4 -> r.nextInt(5) - 2;
                case 5 -> i % 2 == 0 ? Float.MAX_VALUE : Double.NEGATIVE_INFINITY;
                default -> (float) -r.nextDouble();
            };
        assertSameAsArraysSort(x);
        assertSameAsArraysSort(new double[0]);
        assertSameAsArraysSort(new double[]{3, 3, 3});
    }

    @Test
    void nonFloatOrNaNDataFallsBack() {
        assertSameAsArraysSort(new double[]{0.1, -0.2, 1e300, 0.0, -0.0});
        assertSameAsArraysSort(new double[]{2f, Double.NaN, -1f, 0f});
    }

    private static void assertSameAsArraysSort(double[] x) {
        double[] expected = x.clone();
        Arrays.sort(expected);
        double[] actual = FirstOrderFeatures.sortedCopy(x);
        long[] e = Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray();
        long[] a = Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray();
        assertArrayEquals(e, a);
    }
}
