package dev.sluice.examples.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One table of the report, written the same way as Markdown, HTML and plain text. Not thread-safe.
 */
final class ReportTable
{
    private final String title;
    private final String note;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    ReportTable(final String title, final String note, final String... header)
    {
        this.title = title;
        this.note = note;
        this.header = Arrays.asList(header);
    }

    ReportTable row(final String... cells)
    {
        if (cells.length != header.size())
        {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        rows.add(Arrays.asList(cells));
        return this;
    }

    String title()
    {
        return title;
    }

    List<List<String>> rows()
    {
        return rows;
    }

    String markdown()
    {
        final StringBuilder sb = new StringBuilder(1024).append("## ").append(title).append("\n\n");
        if (!note.isEmpty())
        {
            sb.append(note).append("\n\n");
        }
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> sb.append("---|"));
        sb.append('\n');
        for (final List<String> row : rows)
        {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.append('\n').toString();
    }

    String html()
    {
        final StringBuilder sb = new StringBuilder(2048).append("<h2>").append(escape(title)).append("</h2>\n");
        if (!note.isEmpty())
        {
            sb.append("<p>").append(escape(note)).append("</p>\n");
        }
        sb.append("<table>\n<thead><tr>");
        header.forEach(h -> sb.append("<th>").append(escape(h)).append("</th>"));
        sb.append("</tr></thead>\n<tbody>\n");
        for (final List<String> row : rows)
        {
            sb.append("<tr>");
            row.forEach(cell -> sb.append("<td>").append(escape(cell)).append("</td>"));
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    String text()
    {
        final int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++)
        {
            widths[i] = header.get(i).length();
            for (final List<String> row : rows)
            {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        final StringBuilder sb = new StringBuilder(1024).append(title).append('\n');
        appendText(sb, header, widths);
        for (final List<String> row : rows)
        {
            appendText(sb, row, widths);
        }
        return sb.append('\n').toString();
    }

    private static void appendText(final StringBuilder sb, final List<String> cells, final int[] widths)
    {
        for (int i = 0; i < cells.size(); i++)
        {
            sb.append(i == 0 ? "  " : "  ").append(cells.get(i));
            if (i < cells.size() - 1)
            {
                sb.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        sb.append('\n');
    }

    static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
