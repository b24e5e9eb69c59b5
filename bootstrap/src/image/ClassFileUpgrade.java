import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build-time only (build-image.sh): rewrite the classes of a jar compiled for Java 5 or older to class-file
 * version 52 with stack maps, changing no instruction. HotSpot cannot put classes older than version 50 in an AOT
 * cache ("old class"), so without this every command parses and verifies them from the jar on every start
 * (picocli 4.7, the command line's parser, is compiled for Java 5). A class the rewrite cannot handle (jsr/ret,
 * or a type it cannot resolve) is copied unchanged.
 *
 * <p>Usage: {@code java ClassFileUpgrade.java JAR...}: a jar with old classes is replaced in place; the others are
 * left alone.
 */
public final class ClassFileUpgrade {
    private static final int TARGET_MAJOR = 52;

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            upgradeJar(Path.of(arg));
        }
    }

    private static void upgradeJar(Path jar) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".new");
        int upgraded = 0;
        int kept = 0;
        try (ZipFile zip = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(out);
                ZipOutputStream zos = new ZipOutputStream(file)) {
            ClassHierarchyResolver resolver = ClassHierarchyResolver.ofResourceParsing(
                            (ClassDesc desc) -> open(zip, desc))
                    .orElse(ClassHierarchyResolver.defaultResolver());
            // A new constant pool makes every method body be written again, so its stack maps are generated.
            ClassFile classFile = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(resolver),
                    ClassFile.ConstantPoolSharingOption.NEW_POOL,
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    byte[] rewritten = upgrade(classFile, bytes);
                    if (rewritten != bytes) {
                        upgraded++;
                    } else {
                        kept++;
                    }
                    bytes = rewritten;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zos.putNextEntry(copy);
                zos.write(bytes);
                zos.closeEntry();
            }
        }
        if (upgraded == 0) {
            Files.delete(out);
            return;
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("ClassFileUpgrade: " + jar.getFileName() + ": " + upgraded + " classes to version "
                + TARGET_MAJOR + ", " + kept + " kept");
    }

    private static InputStream open(ZipFile zip, ClassDesc desc) {
        String descriptor = desc.descriptorString();
        ZipEntry entry = zip.getEntry(descriptor.substring(1, descriptor.length() - 1) + ".class");
        try {
            return entry == null ? null : zip.getInputStream(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
        ClassModel model = classFile.parse(bytes);
        if (model.majorVersion() >= 50) {
            return bytes;
        }
        try {
            ClassTransform version = (builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.withVersion(TARGET_MAJOR, 0);
                } else {
                    builder.with(element);
                }
            };
            byte[] rewritten = classFile.transformClass(
                    model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
            // Check what was written: version, and that it parses again.
            if (classFile.parse(rewritten).majorVersion() != TARGET_MAJOR) {
                return bytes;
            }
            return rewritten;
        } catch (RuntimeException e) {
            return bytes;
        }
    }
}
