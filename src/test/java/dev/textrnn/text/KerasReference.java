package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** The Keras reference of tools/keras/vectorizer_reference.py and the IMDB archive it was made from. */
final class KerasReference {
    private static final Pattern REVIEW = Pattern.compile("aclImdb/(train|test)/(pos|neg)/[^/]+\\.txt");

    private KerasReference() {
    }

    static Path file(String name) {
        try {
            return Path.of(KerasReference.class.getResource("/keras/vectorizer/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archive: $TEXTRNN_DATA, else ../shared/data/aclImdb_v1.tar.gz beside the checkout. */
    static Path archive() {
        String configured = System.getenv("TEXTRNN_DATA");
        Path archive = configured != null ? Path.of(configured) : Path.of("..", "shared", "data", "aclImdb_v1.tar.gz");
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("IMDB archive not found at " + archive.toAbsolutePath()
                    + "; set TEXTRNN_DATA to aclImdb_v1.tar.gz");
        }
        return archive;
    }

    /** A review: its archive path and bytes. */
    record Review(String path, byte[] text) {
    }

    /** The pos and neg reviews of the train and test splits, in archive order. */
    record Reviews(List<Review> train, List<Review> test) {
    }

    static Reviews readArchive() throws IOException {
        List<Review> train = new ArrayList<>();
        List<Review> test = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive());
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new GzipCompressorInputStream(new BufferedInputStream(in, 1 << 16)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Matcher review = REVIEW.matcher(entry.getName());
                if (entry.isFile() && review.matches()) {
                    Review read = new Review(entry.getName(), tar.readAllBytes());
                    (review.group(1).equals("train") ? train : test).add(read);
                }
            }
        }
        return new Reviews(train, test);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical digest of the script: per row its ids in decimal joined by one space, then '\n'. */
    static final class IdsDigest {
        private final MessageDigest sha256 = sha256();

        IdsDigest add(int[] ids) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < ids.length; i++) {
                line.append(i > 0 ? " " : "").append(ids[i]);
            }
            sha256.update(line.append('\n').toString().getBytes(US_ASCII));
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
