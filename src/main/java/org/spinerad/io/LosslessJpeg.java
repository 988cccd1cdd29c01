package org.spinerad.io;

import org.spinerad.util.SpineRadException;

import java.nio.file.Path;

/**
 * Decoder for single-component lossless JPEG (ITU T.81 process 14, SOF3) as used by DICOM transfer syntaxes
 * 1.2.840.10008.1.2.4.57 and .70: Huffman-coded differences to one of seven predictors, with point transform and
 * restart intervals.
 */
final class LosslessJpeg {
    private final byte[] data;
    private final Path file;
    private int pos;
    private final int[][] huffMaxCode = new int[4][], huffValPtr = new int[4][], huffMinCode = new int[4][];
    private final int[][] huffValues = new int[4][];
    private int width, height, precision, restartInterval;
    private int bitBuffer, bitCount;

    private final int expectedWidth, expectedHeight;

    private LosslessJpeg(byte[] data, Path file, int expectedWidth, int expectedHeight) {
        this.data = data;
        this.file = file;
        this.expectedWidth = expectedWidth;
        this.expectedHeight = expectedHeight;
    }

    /** Decodes the codestream to row-major sample values; its frame must be {@code width x height} (Columns x Rows). */
    static int[] decode(byte[] data, Path file, int width, int height) {
        try {
            return new LosslessJpeg(data, file, width, height).run();
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new SpineRadException("Truncated lossless JPEG pixel data in " + file);
        }
    }

    private SpineRadException error(String what) {
        return new SpineRadException("Lossless JPEG pixel data in " + file + ": " + what);
    }

    private int u16() {
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    private int[] run() {
        if (u16() != 0xFFD8) throw error("no JPEG start-of-image marker");
        boolean frame = false;
        while (pos < data.length) {
            int marker = u16();
            while (marker == 0xFFFF) { pos--; marker = u16(); } // fill bytes
            int segmentEnd = pos + u16();
            switch (marker) {
                case 0xFFC4 -> readHuffmanTables(segmentEnd);
                case 0xFFC3 -> {
                    precision = data[pos] & 0xff;
                    pos++;
                    height = u16();
                    width = u16();
                    if (width != expectedWidth || height != expectedHeight)
                        throw error("frame is " + width + " x " + height + " but Columns x Rows say " + expectedWidth + " x " + expectedHeight);
                    if (precision < 2 || precision > 16) throw error("sample precision " + precision + " is not 2..16");
                    int components = data[pos] & 0xff;
                    if (components != 1) throw error(components + " components; only grayscale is supported");
                    frame = true;
                }
                case 0xFFDD -> restartInterval = u16();
                case 0xFFDA -> {
                    if (!frame) throw error("scan before the SOF3 frame header");
                    int ns = data[pos++] & 0xff;
                    if (ns != 1) throw error(ns + " components in scan");
                    pos++; // component selector
                    int table = (data[pos++] & 0xff) >> 4;
                    int predictor = data[pos++] & 0xff;
                    pos++; // Se
                    int pointTransform = data[pos++] & 0x0f;
                    if (pointTransform >= precision) throw error("point transform " + pointTransform + " >= precision " + precision);
                    pos = segmentEnd;
                    return scan(table, predictor, pointTransform);
                }
                default -> {
                    if (marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC)
                        throw error(String.format("JPEG process with marker %04X is not lossless process 14", marker));
                }
            }
            pos = segmentEnd;
        }
        throw error("no scan found");
    }

    private void readHuffmanTables(int end) {
        while (pos < end) {
            int id = data[pos++] & 0x0f;
            if (id > 3) throw error("bad Huffman table id");
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) total += counts[l] = data[pos++] & 0xff;
            int[] values = new int[total];
            for (int i = 0; i < total; i++) values[i] = data[pos++] & 0xff;
            int[] maxCode = new int[18], minCode = new int[17], valPtr = new int[17];
            int code = 0, k = 0;
            for (int l = 1; l <= 16; l++) {
                valPtr[l] = k;
                minCode[l] = code;
                code += counts[l];
                k += counts[l];
                maxCode[l] = counts[l] > 0 ? code - 1 : -1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
            huffMaxCode[id] = maxCode;
            huffMinCode[id] = minCode;
            huffValPtr[id] = valPtr;
            huffValues[id] = values;
        }
    }

    private int bit() {
        if (bitCount == 0) {
            int b = data[pos++] & 0xff;
            if (b == 0xFF) {
                int next = data[pos] & 0xff;
                if (next == 0) pos++;
                else b = 0; // a marker inside the entropy data: feed zeros (truncated scan)
                if (next != 0) pos--;
            }
            bitBuffer = b;
            bitCount = 8;
        }
        bitCount--;
        return (bitBuffer >> bitCount) & 1;
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) v = (v << 1) | bit();
        return v;
    }

    private int decodeDifference(int table) {
        int[] maxCode = huffMaxCode[table];
        if (maxCode == null) throw error("missing Huffman table " + table);
        int code = bit(), l = 1;
        while (code > maxCode[l]) {
            code = (code << 1) | bit();
            if (++l > 16) throw error("bad Huffman code");
        }
        int ssss = huffValues[table][huffValPtr[table][l] + code - huffMinCode[table][l]];
        if (ssss == 0) return 0;
        if (ssss == 16) return 32768;
        int v = bits(ssss);
        return v < (1 << (ssss - 1)) ? v - (1 << ssss) + 1 : v;
    }

    private int[] scan(int table, int predictor, int pointTransform) {
        if (predictor < 1 || predictor > 7) throw error("predictor " + predictor + " is not lossless");
        int[] out = new int[width * height];
        int mask = (1 << precision) - 1;
        int initial = 1 << (precision - pointTransform - 1);
        int untilRestart = restartInterval;
        boolean firstLine = true;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (restartInterval > 0 && untilRestart == 0) {
                    syncToRestartMarker();
                    untilRestart = restartInterval;
                    firstLine = true;
                }
                int pred;
                boolean intervalStart = x == 0 || restartInterval > 0 && untilRestart == restartInterval;
                if (firstLine && intervalStart) pred = initial;
                else if (firstLine) pred = out[row + x - 1];
                else if (x == 0) pred = out[row - width];
                else {
                    int a = out[row + x - 1], b = out[row - width + x], c = out[row - width + x - 1];
                    pred = switch (predictor) {
                        case 1 -> a;
                        case 2 -> b;
                        case 3 -> c;
                        case 4 -> a + b - c;
                        case 5 -> a + ((b - c) >> 1);
                        case 6 -> b + ((a - c) >> 1);
                        default -> (a + b) >> 1;
                    };
                }
                out[row + x] = (pred + decodeDifference(table)) & mask;
                if (restartInterval > 0) untilRestart--;
            }
            firstLine = false;
        }
        if (pointTransform > 0) for (int i = 0; i < out.length; i++) out[i] <<= pointTransform;
        return out;
    }

    private void syncToRestartMarker() {
        bitCount = 0;
        while (pos + 1 < data.length && !((data[pos] & 0xff) == 0xFF && (data[pos + 1] & 0xf8) == 0xD0)) pos++;
        pos += 2;
    }
}
