package io.sweep4j.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST (gzip-compressed or raw, detected by content).
 *
 * <p>Format: a 4-byte big-endian magic {@code 0x0000 08 nd} (unsigned bytes, nd dimensions), nd big-endian
 * int32 sizes, then exactly the product of the sizes in bytes. Images have 3 dimensions (count, rows, cols),
 * labels 1 (count).
 */
public final class IdxCodec {

    /** Magic of an unsigned-byte 3-dimensional IDX file: images. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte 1-dimensional IDX file: labels. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    private IdxCodec() {
    }

    /** Decoded images file. Pixels are row-major unsigned bytes, {@code count * rows * cols} of them. */
    public record Images(byte[] pixels, int count, int rows, int cols) {
    }

    /**
     * Reads an images file and a labels file into one {@link ImageSet}.
     *
     * @param classes number of classes, or 0 to take {@code max(label) + 1}
     */
    public static ImageSet read(Path imagesFile, Path labelsFile, int classes) {
        Images images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        return combine(images, imagesFile.toString(), labels, labelsFile.toString(), classes);
    }

    /** As {@link #read(Path, Path, int)}, from streams (e.g. class-path resources) named for error messages. */
    public static ImageSet read(InputStream images, String imagesName, InputStream labels, String labelsName,
                                int classes) {
        Images decodedImages = readImages(images, imagesName);
        int[] decodedLabels = readLabels(labels, labelsName);
        return combine(decodedImages, imagesName, decodedLabels, labelsName, classes);
    }

    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            return readImages(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX images file " + file + ": " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            return readLabels(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read IDX labels file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an images file from {@code in} (gzip or raw); does not close it. */
    public static Images readImages(InputStream in, String source) {
        InputStream payload = decompressIfGzip(in, source);
        int magic = readHeaderInt(payload, source, "the 4-byte IDX magic number");
        checkMagic(magic, IMAGES_MAGIC, source, "images");
        int count = readHeaderInt(payload, source, "the image count");
        int rows = readHeaderInt(payload, source, "the row count");
        int cols = readHeaderInt(payload, source, "the column count");
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new DatasetFormatException(source, "a non-negative image count and positive rows and columns",
                    "count=" + count + ", rows=" + rows + ", cols=" + cols,
                    "the header is corrupt; re-download the file");
        }
        long payloadLength = (long) count * rows * cols;
        byte[] pixels = readPayload(payload, source, payloadLength, count + " images of " + rows + "x" + cols);
        return new Images(pixels, count, rows, cols);
    }

    /** Reads a labels file from {@code in} (gzip or raw); does not close it. Labels are 0..255. */
    public static int[] readLabels(InputStream in, String source) {
        InputStream payload = decompressIfGzip(in, source);
        int magic = readHeaderInt(payload, source, "the 4-byte IDX magic number");
        checkMagic(magic, LABELS_MAGIC, source, "labels");
        int count = readHeaderInt(payload, source, "the label count");
        if (count < 0) {
            throw new DatasetFormatException(source, "a non-negative label count", "count=" + count,
                    "the header is corrupt; re-download the file");
        }
        byte[] raw = readPayload(payload, source, count, count + " labels");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = raw[i] & 0xFF;
        }
        return labels;
    }

    /** Writes {@code set} as an images file and a labels file, gzip-compressed if {@code gzip}. */
    public static void write(ImageSet set, Path imagesFile, Path labelsFile, boolean gzip) {
        writeImages(imagesFile, set.pixels(), set.size(), set.rows(), set.cols(), gzip);
        writeLabels(labelsFile, set.labels(), gzip);
    }

    public static void writeImages(Path file, byte[] pixels, int count, int rows, int cols, boolean gzip) {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " bytes, but " + count + " images of "
                    + rows + "x" + cols + " need " + (long) count * rows * cols);
        }
        try (DataOutputStream out = create(file, gzip)) {
            out.writeInt(IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IDX images file " + file + ": " + e.getMessage(), e);
        }
    }

    public static void writeLabels(Path file, int[] labels, boolean gzip) {
        try (DataOutputStream out = create(file, gzip)) {
            out.writeInt(LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                if (label < 0 || label > 255) {
                    throw new IllegalArgumentException("IDX labels are unsigned bytes; label " + label
                            + " does not fit, keep labels in 0..255");
                }
                out.write(label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write IDX labels file " + file + ": " + e.getMessage(), e);
        }
    }

    /** True if the stream starts with the gzip magic bytes 1f 8b; {@code in} must support mark/reset. */
    static boolean startsWithGzipMagic(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
    }

    /** The decompressed content of {@code file} if it is gzip, else its bytes, as a stream. */
    static InputStream openContent(Path file) throws IOException {
        InputStream in = open(file);
        try {
            return decompressIfGzip(in, file.toString());
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file.toString(), "an existing IDX file", "no such file",
                    "check the path, or let sweep4j locate the dataset with Datasets.fashionMnist() / mnist()", e);
        }
    }

    private static InputStream decompressIfGzip(InputStream in, String source) {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        try {
            if (startsWithGzipMagic(buffered)) {
                return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
            }
            return buffered;
        } catch (IOException e) {
            throw new DatasetFormatException(source, "a readable gzip header", e.toString(),
                    "the file is corrupt or truncated; delete it and re-download", e);
        }
    }

    private static DataOutputStream create(Path file, boolean gzip) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream raw = Files.newOutputStream(file);
        // GZIPOutputStream writes mtime 0, so the same input always gives the same bytes (reproducible mini set)
        OutputStream body = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return new DataOutputStream(new BufferedOutputStream(body, 1 << 16));
    }

    private static void checkMagic(int found, int expected, String source, String kind) {
        if (found == expected) {
            return;
        }
        String hint;
        if (found == LABELS_MAGIC || found == IMAGES_MAGIC) {
            hint = "this is an IDX " + (found == LABELS_MAGIC ? "labels" : "images")
                    + " file; the images and labels files look swapped";
        } else if ((found >>> 16) == ((GZIP_MAGIC_1 << 8) | GZIP_MAGIC_2)) {
            hint = "the file is doubly gzip-compressed; gunzip it once";
        } else {
            hint = "this is not an IDX " + kind + " file (or it is corrupt); re-download it from the dataset's site";
        }
        throw new DatasetFormatException(source, String.format("IDX %s magic 0x%08x", kind, expected),
                String.format("0x%08x", found), hint);
    }

    private static int readHeaderInt(InputStream in, String source, String what) {
        byte[] b = readFully(in, source, 4, "the IDX header (" + what + ")");
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static byte[] readPayload(InputStream in, String source, long length, String described) {
        if (length > MAX_PAYLOAD) {
            throw new DatasetFormatException(source, "a payload below 2 GiB", length + " bytes for " + described,
                    "the header is corrupt; re-download the file");
        }
        byte[] payload = readFully(in, source, (int) length, described);
        try {
            if (in.read() != -1) {
                throw new DatasetFormatException(source, "exactly " + length + " payload bytes for " + described,
                        "more bytes after them", "the file is corrupt or not an IDX file; re-download it");
            }
        } catch (IOException e) {
            throw corrupt(source, e);
        }
        return payload;
    }

    private static byte[] readFully(InputStream in, String source, int length, String described) {
        byte[] buffer = new byte[length];
        int read;
        try {
            read = in.readNBytes(buffer, 0, length);
        } catch (EOFException e) {
            // GZIPInputStream signals a cut-off compressed stream this way
            throw new DatasetFormatException(source, length + " bytes for " + described,
                    "a gzip stream that ends early (" + e.getMessage() + ")",
                    "the file is truncated, probably an interrupted download; delete it and download it again", e);
        } catch (IOException e) {
            throw corrupt(source, e);
        }
        if (read < length) {
            throw new DatasetFormatException(source, length + " bytes for " + described, "only " + read,
                    "the file is truncated, probably an interrupted download; delete it and download it again");
        }
        return buffer;
    }

    private static DatasetFormatException corrupt(String source, IOException e) {
        String found = e instanceof ZipException ? "corrupt gzip data (" + e.getMessage() + ")" : e.toString();
        return new DatasetFormatException(source, "a readable IDX file", found,
                "delete the file and download it again", e);
    }

    private static ImageSet combine(Images images, String imagesName, int[] labels, String labelsName, int classes) {
        if (images.count() != labels.length) {
            throw new DatasetFormatException(labelsName, images.count() + " labels, one per image in " + imagesName,
                    labels.length + " labels",
                    "the images and labels files come from different sets (train vs t10k?); pair matching files");
        }
        int maxLabel = -1;
        for (int label : labels) {
            maxLabel = Math.max(maxLabel, label);
        }
        int effectiveClasses = classes > 0 ? classes : Math.max(1, maxLabel + 1);
        if (maxLabel >= effectiveClasses) {
            throw new DatasetFormatException(labelsName, "labels in 0.." + (effectiveClasses - 1),
                    "label " + maxLabel, "this is not a " + effectiveClasses + "-class labels file; check the file");
        }
        return new ImageSet(images.pixels(), labels, images.rows(), images.cols(), effectiveClasses);
    }
}
