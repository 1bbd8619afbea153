package org.matrixregistration.cli;

import java.util.ArrayList;
import java.util.List;

/** Left-aligned columns separated by two spaces, without trailing blanks, for people to read. */
public final class Table {
    private Table() {}

    public static List<String> render(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int column = 0; column < header.size(); column++) {
            widths[column] = header.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(header, widths));
        for (List<String> row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            if (column > 0) {
                line.append("  ");
            }
            line.append(cells.get(column));
            line.append(" ".repeat(widths[column] - cells.get(column).length()));
        }
        return line.toString().stripTrailing();
    }
}
