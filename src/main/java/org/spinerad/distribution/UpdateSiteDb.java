package org.spinerad.distribution;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An update site's {@code db.xml.gz}: gzip'ed XML with the updater's inline DTD, one {@code <plugin>} record per file
 * (keyed by its name without version), each with its platforms, its current {@code <version>} (checksum, timestamp,
 * file size, description, dependencies) and its {@code <previous-version>}s. Files lie on the site as
 * {@code <filename>-<timestamp>}. Timestamps are {@code yyyyMMddHHmmss} as a number.
 */
public final class UpdateSiteDb {
    /** The DTD the ImageJ updater writes into (and validates) every db.xml. */
    public static final String DTD = """
            <!DOCTYPE pluginRecords [
            <!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>
            <!ELEMENT update-site EMPTY>
            <!ELEMENT disabled-update-site EMPTY>
            <!ELEMENT plugin (platform*, category*, version?, previous-version*)>
            <!ELEMENT version (description?, dependency*, link*, author*)>
            <!ELEMENT previous-version EMPTY>
            <!ELEMENT description (#PCDATA)>
            <!ELEMENT dependency EMPTY>
            <!ELEMENT link (#PCDATA)>
            <!ELEMENT author (#PCDATA)>
            <!ELEMENT platform (#PCDATA)>
            <!ELEMENT category (#PCDATA)>
            <!ATTLIST update-site name CDATA #REQUIRED>
            <!ATTLIST update-site url CDATA #REQUIRED>
            <!ATTLIST update-site ssh-host CDATA #IMPLIED>
            <!ATTLIST update-site upload-directory CDATA #IMPLIED>
            <!ATTLIST update-site description CDATA #IMPLIED>
            <!ATTLIST update-site maintainer CDATA #IMPLIED>
            <!ATTLIST update-site timestamp CDATA #REQUIRED>
            <!ATTLIST disabled-update-site name CDATA #REQUIRED>
            <!ATTLIST disabled-update-site url CDATA #REQUIRED>
            <!ATTLIST disabled-update-site ssh-host CDATA #IMPLIED>
            <!ATTLIST disabled-update-site upload-directory CDATA #IMPLIED>
            <!ATTLIST disabled-update-site description CDATA #IMPLIED>
            <!ATTLIST disabled-update-site maintainer CDATA #IMPLIED>
            <!ATTLIST disabled-update-site timestamp CDATA #REQUIRED>
            <!ATTLIST plugin update-site CDATA #IMPLIED>
            <!ATTLIST plugin filename CDATA #REQUIRED>
            <!ATTLIST plugin executable CDATA #IMPLIED>
            <!ATTLIST dependency filename CDATA #REQUIRED>
            <!ATTLIST dependency timestamp CDATA #IMPLIED>
            <!ATTLIST dependency overrides CDATA #IMPLIED>
            <!ATTLIST version timestamp CDATA #REQUIRED>
            <!ATTLIST version checksum CDATA #REQUIRED>
            <!ATTLIST version filesize CDATA #REQUIRED>
            <!ATTLIST previous-version filename CDATA #IMPLIED>
            <!ATTLIST previous-version timestamp CDATA #REQUIRED>
            <!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>
            <!ATTLIST previous-version checksum CDATA #REQUIRED>]>
            """;

    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    public record Dependency(String filename, long timestamp) {}

    public record Version(String checksum, long timestamp, long filesize, String description, List<Dependency> dependencies) {}

    public record Previous(String filename, long timestamp, long timestampObsolete, String checksum) {}

    /** One file of the site; {@code current} is null once the file was removed from the site (obsolete). */
    public record Record(String filename, List<String> platforms, Version current, List<Previous> previous) {
        /** Where the current version lies on the site. */
        public String siteFile() { return filename + "-" + current.timestamp(); }

        public boolean isFor(String platform) { return platforms.isEmpty() || platforms.contains(platform); }
    }

    private final Map<String, Record> records = new TreeMap<>();

    public Map<String, Record> records() { return records; }

    public void put(Record r) { records.put(unversioned(r.filename()), r); }

    public Record get(String filename) { return records.get(unversioned(filename)); }

    /** A timestamp in the updater's form. */
    public static long timestamp(LocalDateTime t) { return Long.parseLong(TIMESTAMP.format(t)); }

    private static final Pattern VERSION = Pattern.compile("^(.*?)-\\d[^/]*?(\\.jar)$");

    /** The record key: the path without its version (and classifier), {@code jars/gson-2.10.1.jar -> jars/gson.jar}. */
    public static String unversioned(String filename) {
        Matcher m = VERSION.matcher(filename);
        return m.matches() ? m.group(1) + m.group(2) : filename;
    }

    // -- reading

    /** Reads a db.xml.gz; an absent file is an empty site. */
    public static UpdateSiteDb read(Path dbXmlGz) throws IOException {
        UpdateSiteDb db = new UpdateSiteDb();
        if (!Files.exists(dbXmlGz)) return db;
        Document doc;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new InputSource(in));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(dbXmlGz + ": not an update-site db.xml.gz (" + e.getMessage() + ")", e);
        }
        for (Element p : children(doc.getDocumentElement(), "plugin")) {
            List<String> platforms = new ArrayList<>();
            for (Element e : children(p, "platform")) platforms.add(e.getTextContent().trim());
            Version current = null;
            for (Element v : children(p, "version")) {
                List<Dependency> deps = new ArrayList<>();
                for (Element d : children(v, "dependency"))
                    deps.add(new Dependency(d.getAttribute("filename"), number(d.getAttribute("timestamp"))));
                List<Element> desc = children(v, "description");
                current = new Version(v.getAttribute("checksum"), number(v.getAttribute("timestamp")),
                        number(v.getAttribute("filesize")), desc.isEmpty() ? null : desc.get(0).getTextContent(), deps);
            }
            List<Previous> previous = new ArrayList<>();
            for (Element v : children(p, "previous-version"))
                previous.add(new Previous(v.hasAttribute("filename") ? v.getAttribute("filename") : null,
                        number(v.getAttribute("timestamp")), number(v.getAttribute("timestamp-obsolete")), v.getAttribute("checksum")));
            db.put(new Record(p.getAttribute("filename"), platforms, current, previous));
        }
        return db;
    }

    private static long number(String s) { return s == null || s.isEmpty() ? 0 : Long.parseLong(s); }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element e && e.getTagName().equals(name)) out.add(e);
        return out;
    }

    // -- writing

    /** Writes the site's db.xml.gz (records in file-name order, so the same site gives the same bytes). */
    public void write(Path dbXmlGz) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dbXmlGz));
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            w.write(DTD);
            w.write("<pluginRecords>\n");
            for (Record r : records.values()) writeRecord(w, r);
            w.write("</pluginRecords>\n");
        }
    }

    private static void writeRecord(Writer w, Record r) throws IOException {
        w.write("    <plugin filename=\"" + esc(r.filename()) + "\">\n");
        for (String p : r.platforms()) w.write("        <platform>" + esc(p) + "</platform>\n");
        Version v = r.current();
        if (v != null) {
            String attributes = "checksum=\"" + v.checksum() + "\" timestamp=\"" + v.timestamp() + "\" filesize=\"" + v.filesize() + "\"";
            if (v.description() == null && v.dependencies().isEmpty()) {
                w.write("        <version " + attributes + "/>\n");
            } else {
                w.write("        <version " + attributes + ">\n");
                if (v.description() != null) w.write("            <description>" + esc(v.description()) + "</description>\n");
                for (Dependency d : v.dependencies())
                    w.write("            <dependency filename=\"" + esc(d.filename()) + "\" timestamp=\"" + d.timestamp() + "\"/>\n");
                w.write("        </version>\n");
            }
        }
        for (Previous p : r.previous())
            w.write("        <previous-version timestamp=\"" + p.timestamp() + "\" timestamp-obsolete=\"" + p.timestampObsolete()
                    + "\" checksum=\"" + p.checksum() + "\"" + (p.filename() == null ? "" : " filename=\"" + esc(p.filename()) + "\"")
                    + "/>\n");
        w.write("    </plugin>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
