package org.spinerad.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AppendableCsvTest {
    static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void appendsWidensAndRepairsAPartialLastLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        AppendableCsv c = AppendableCsv.open(f);
        c.append(row("id", "a", "x", "1"));
        c.append(row("id", "b", "x", "2,5"));
        assertEquals("id,x\na,1\nb,\"2,5\"\n", Files.readString(f));
        c.append(row("id", "c", "y", "3"));                       // a new column rewrites with the wider header
        assertEquals("id,x,y\na,1,\nb,\"2,5\",\nc,,3\n", Files.readString(f));

        Files.writeString(f, "d,4", StandardOpenOption.APPEND);   // a crash in the middle of a row
        AppendableCsv again = AppendableCsv.open(f);
        assertEquals(List.of("id", "x", "y"), again.header());
        assertEquals(List.of("a", "b", "c"), again.rows().stream().map(r -> r.get("id")).toList());
        again.append(row("id", "d", "x", "4", "y", "5"));
        assertEquals("id,x,y\na,1,\nb,\"2,5\",\nc,,3\nd,4,5\n", Files.readString(f));

        again.retain(r -> !r.get("id").equals("b"));
        assertEquals("id,x,y\na,1,\nc,,3\nd,4,5\n", Files.readString(f));
    }
}
