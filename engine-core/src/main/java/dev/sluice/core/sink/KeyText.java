package dev.sluice.core.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a user's key in the file sinks' lines: a CSV cell quoted as RFC 4180 says when it holds a comma, a
 * quote or a line break, and a JSON string with its escapes; and the split of a CSV line that reads such cells
 * back. Keys are the only cells that can need it: every other cell is a number or a boolean.
 */
final class KeyText
{
    private KeyText()
    {
    }

    static StringBuilder appendCsv(final StringBuilder line, final String text)
    {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++)
        {
            final char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote)
        {
            return line.append(text);
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            line.append(c);
            if (c == '"')
            {
                line.append('"');
            }
        }
        return line.append('"');
    }

    static StringBuilder appendJson(final StringBuilder line, final String text)
    {
        line.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        line.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }

    /**
     * @return the cells of a CSV line whose cells may be quoted (a quoted cell may hold commas and doubled quotes).
     * @throws IllegalArgumentException for a quote that does not close.
     */
    static List<String> splitCsv(final String line)
    {
        final List<String> cells = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        int i = 0;
        while (true)
        {
            cell.setLength(0);
            if (i < line.length() && line.charAt(i) == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.length())
                    {
                        throw new IllegalArgumentException("a quoted cell does not close");
                    }
                    final char c = line.charAt(i++);
                    if (c == '"')
                    {
                        if (i < line.length() && line.charAt(i) == '"')
                        {
                            cell.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    cell.append(c);
                }
            }
            else
            {
                while (i < line.length() && line.charAt(i) != ',')
                {
                    cell.append(line.charAt(i++));
                }
            }
            cells.add(cell.toString());
            if (i >= line.length())
            {
                return cells;
            }
            if (line.charAt(i) != ',')
            {
                throw new IllegalArgumentException("text after a quoted cell at " + i);
            }
            i++;
        }
    }
}
