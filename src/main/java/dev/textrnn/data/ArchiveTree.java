package dev.textrnn.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The folders and files of an archive's entries, for {@link FolderLayout}. When everything is in
 * one top folder (as {@code aclImdb/} in the IMDB archive, or a zipped folder), that folder is the
 * layout's root. The archivers' own entries are left out: macOS's {@code __MACOSX/} folder and its
 * {@code ._NAME} files.
 */
final class ArchiveTree implements FolderLayout.Tree {

  /** Names that can have no place in a folder layout, and would leave it when extracted. */
  private static final Pattern OUTSIDE = Pattern.compile("^/|^[A-Za-z]:|\\\\|(^|/)\\.\\.(/|$)");

  private final Path archive;
  private final Set<String> folders = new LinkedHashSet<>(); // with a final '/'
  private final List<String> files = new ArrayList<>();
  private final Set<String> fileSet = new HashSet<>();
  private String prefix = "";

  ArchiveTree(Path archive) {
    this.archive = archive;
  }

  /**
   * Adds an entry, as the archive names it.
   *
   * @throws DatasetException for a name outside the layout, or a file named twice
   */
  void add(String entryName, boolean folder) {
    String name = normalized(entryName);
    if (OUTSIDE.matcher(name).find()) {
      throw new DatasetException(
          archive
              + ": entry "
              + entryName
              + " lies outside the folder layout (an absolute path, .. or \\ in its name);"
              + " make the archive again from the dataset's folder");
    }
    if (name.isEmpty()
        || name.startsWith("__MACOSX/")
        || name.substring(name.lastIndexOf('/', name.length() - 2) + 1).startsWith("._")) {
      return;
    }
    if (folder && !name.endsWith("/")) {
      name = name + "/";
    }
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      folders.add(name.substring(0, slash + 1));
    }
    if (!folder) {
      if (!fileSet.add(name)) {
        throw new DatasetException(
            archive + ": entry " + entryName + " appears twice; make the archive again");
      }
      files.add(name);
    }
  }

  /** An entry's name without leading {@code ./}, as tar writes them from {@code tar -C DIR .}. */
  static String normalized(String entryName) {
    String name = entryName;
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    return name;
  }

  /** Called once every entry is added: finds the layout's root. */
  ArchiveTree rooted() {
    List<String> topFolders = new ArrayList<>();
    for (String folder : folders) {
      if (folder.indexOf('/') == folder.length() - 1) {
        topFolders.add(folder);
      }
    }
    boolean topFiles = files.stream().anyMatch(file -> file.indexOf('/') < 0);
    prefix = topFolders.size() == 1 && !topFiles ? topFolders.get(0) : "";
    return this;
  }

  /** The entry name of a path from the layout's root. */
  String entryName(String path) {
    return prefix + path;
  }

  @Override
  public List<String> folders(String folder) {
    String parent = prefix + folder;
    List<String> names = new ArrayList<>();
    for (String path : folders) {
      if (path.length() > parent.length()
          && path.startsWith(parent)
          && path.indexOf('/', parent.length()) == path.length() - 1) {
        names.add(path.substring(parent.length(), path.length() - 1));
      }
    }
    return names;
  }

  @Override
  public List<String> files(String folder) {
    String parent = prefix + folder;
    List<String> paths = new ArrayList<>();
    for (String path : files) {
      if (path.startsWith(parent)) {
        paths.add(path.substring(parent.length()));
      }
    }
    return paths;
  }

  @Override
  public String describe(String path) {
    String name = entryName(path);
    return name.isEmpty() ? archive.toString() : archive + " entry " + name;
  }
}
