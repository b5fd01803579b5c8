package io.ferry.runtime.plugins;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a class file declares about itself (access flags, superclass, interfaces), read without loading the
 * class: scanning a plugin this way costs no class loading, and a class whose dependencies are missing can still be
 * recognised as a plugin and reported.
 */
record ClassHeader(String name, String superName, List<String> interfaces, int access) {

    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;

    boolean concretePublic() {
        return (access & ACC_PUBLIC) != 0 && (access & (ACC_INTERFACE | ACC_ABSTRACT)) == 0;
    }

    static ClassHeader read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        int access = in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        String superName = className(utf8, classNameIndex, in.readUnsignedShort());
        int interfaceCount = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        return new ClassHeader(name, superName, interfaces, access);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) {
        if (index == 0) {
            return null;
        }
        String internal = utf8[classNameIndex[index]];
        return internal == null ? null : internal.replace('/', '.');
    }
}
