package org.spinerad.radiomics.filters;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spinerad.radiomics.RadiomicsSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Wavelet sub-bands against pywt.swtn driven exactly as PyRadiomics' _swt3 / getWaveletImage. */
class WaveletFilterTest {
    /** Transcription of PyRadiomics getWaveletImage/_swt3 (radiomics/imageoperations.py). */
    private static final String SWT3 = """
            import pywt
            wavelet, level, start_level = extra[0], int(extra[1]), int(extra[2])
            axes = [2, 1, 0]
            if len(extra) > 3:
                axes.remove(int(extra[3]))
            axes = tuple(axes)
            original_shape = im.shape
            padding = tuple([(0, 1 if dim % 2 != 0 else 0) for dim in original_shape])
            data = np.pad(im.astype(np.float64), padding, 'wrap')
            w = pywt.Wavelet(wavelet)
            crop = tuple(slice(None, -1 if dim % 2 != 0 else None) for dim in original_shape)
            for i in range(start_level):
                data = pywt.swtn(data, w, level=1, start_level=0, axes=axes)[0]['a' * len(axes)].copy()
            for idx in range(1, level + 1):
                dec = pywt.swtn(data, w, level=1, start_level=0, axes=axes)[0]
                data = dec['a' * len(axes)].copy()
                for decName, decImage in dec.items():
                    if decName == 'a' * len(axes):
                        continue
                    name = decName.replace('a', 'L').replace('d', 'H')
                    emit(('wavelet-' if idx == 1 else 'wavelet%d-' % idx) + name, decImage[crop])
            emit(('wavelet-' if level == 1 else 'wavelet%d-' % level) + 'L' * len(axes), data[crop])
            """;

    private static void check(String wavelet, int level, int startLevel, Integer force2Ddimension) {
        check(wavelet, level, startLevel, force2Ddimension, 9, 8, 7);
    }

    private static void check(String wavelet, int level, int startLevel, Integer force2Ddimension, int nx, int ny, int nz) {
        float[] vol = PyArrays.random(nx * ny * nz, wavelet.hashCode(), -100, 300);
        RadiomicsSettings s = new RadiomicsSettings();
        s.wavelet = wavelet;
        s.level = level;
        s.startLevel = startLevel;
        if (force2Ddimension != null) {
            s.force2D = true;
            s.force2Ddimension = force2Ddimension;
        }
        List<FilteredImage> got = ImageFilters.apply("Wavelet", Map.of(), vol, nx, ny, nz, new double[]{1, 1, 2.5}, s);
        Map<String, double[]> ref = force2Ddimension == null
                ? PyArrays.run(SWT3, vol, nx, ny, nz, new double[]{1, 1, 1}, wavelet, "" + level, "" + startLevel)
                : PyArrays.run(SWT3, vol, nx, ny, nz, new double[]{1, 1, 1}, wavelet, "" + level, "" + startLevel,
                "" + force2Ddimension);
        assertEquals(List.copyOf(ref.keySet()), got.stream().map(FilteredImage::prefix).toList(), "names and order");
        assertEquals(List.copyOf(ref.keySet()), ImageFilters.prefixes("Wavelet", Map.of(), s), "predicted prefixes");
        for (FilteredImage f : got) // values up to ~1000: 1e-5 relative in float32
            PyArrays.assertClose(wavelet + " " + f.prefix(), ref.get(f.prefix()), f.data(), 1e-5 * 1000, null);
    }

    @Test void haar() { check("haar", 1, 0, null); }

    @Test void coif1() { check("coif1", 1, 0, null); }

    @Test void db2() { check("db2", 1, 0, null); }

    @Test void sym3TwoLevelsFromStartLevel1() { check("sym3", 2, 1, null); }

    @Test void coif1Force2DAxial() { check("coif1", 1, 0, 0); }

    /** Filters longer than the (padded) image wrap around several times, as pywt's periodic convolution. */
    @Test void coif3OnTinyVolume() { check("coif3", 1, 0, null, 3, 4, 5); }

    @Test void customArgsOverrideSettings() {
        float[] vol = PyArrays.random(4 * 4 * 4, 3, 0, 1);
        var got = ImageFilters.apply("Wavelet", Map.of("wavelet", "haar", "level", 2), vol, 4, 4, 4,
                new double[]{1, 1, 1}, new RadiomicsSettings());
        assertEquals(15, got.size());
        assertEquals("wavelet2-LLL", got.get(14).prefix());
        assertThrows(org.spinerad.util.SpineRadException.class, () -> ImageFilters.apply("Wavelet",
                Map.of("wavelet", "nosuch"), vol, 4, 4, 4, new double[]{1, 1, 1}, new RadiomicsSettings()));
    }
}
