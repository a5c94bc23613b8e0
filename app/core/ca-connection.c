/* ca-connection.c
 *
 * Copyright 2026 The Corridor Atlas developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ca-connection"

#include "config.h"

#include <string.h>

#include "ca-connection.h"

/* GDAL's PostgreSQL connection strings, and the password in them.
 *
 * GDAL passes what follows "PG:" to libpq, so it has libpq's two forms:
 *
 *   PG:host=db port = 5432 dbname='my data' password='it\'s' tables=roads
 *   PG:postgresql://user:secret@db:5432/gis?sslmode=require
 *
 * In the keyword form a value is either quoted with single quotes or runs
 * to the next space, and a backslash escapes the character after it.  In
 * the URI form the user and password sit before the '@', percent-encoded,
 * and any keyword may also come as a query parameter.
 *
 * The source is parsed once into parameters that remember where their text
 * is, so redacting, stripping and replacing the password each edit the
 * original string in one place and leave every other byte as it was.
 * Strings that are not PostgreSQL connections (files, other drivers, URLs)
 * are scanned for a "password=" keyword and for "://user:secret@", so
 * nothing that looks like a password is ever shown or saved. */

typedef struct
{
  char  *key;          /* lower case */
  char  *value;        /* decoded; NULL for a keyword without "=" */
  gsize  value_start;  /* the value's text, quotes included */
  gsize  value_end;
  gsize  strip_start;  /* what removing the parameter removes */
  gsize  strip_end;
} Param;

typedef enum
{
  FORM_OTHER,
  FORM_KEYWORDS,
  FORM_URI,
} Form;

typedef struct
{
  Form    form;
  GArray *params;      /* Param */
  gsize   user_end;    /* URI: the end of the user name, where ":password" goes */
  gboolean has_user;   /* URI: a user before the '@' */
  gboolean has_query;  /* URI: a '?' */
} Parsed;

static void
param_clear (gpointer data)
{
  Param *param = data;

  g_free (param->key);
  g_free (param->value);
}

static void
parsed_free (Parsed *parsed)
{
  g_array_unref (parsed->params);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void
add_param (Parsed     *parsed,
           const char *key,
           gsize       key_len,
           char       *value,
           gsize       value_start,
           gsize       value_end,
           gsize       strip_start,
           gsize       strip_end)
{
  Param param = {
    .key = g_ascii_strdown (key, key_len),
    .value = value,
    .value_start = value_start,
    .value_end = value_end,
    .strip_start = strip_start,
    .strip_end = strip_end,
  };

  g_array_append_val (parsed->params, param);
}

/* Where the connection proper begins: after "PG:", if there is one. */
static gsize
body_offset (const char *source)
{
  return g_ascii_strncasecmp (source, "PG:", 3) == 0 ? 3 : 0;
}

static gsize
uri_scheme_length (const char *body)
{
  if (g_ascii_strncasecmp (body, "postgresql://", 13) == 0)
    return 13;
  if (g_ascii_strncasecmp (body, "postgres://", 11) == 0)
    return 11;
  return 0;
}

/* libpq's conninfo rules: keyword, optional spaces, "=", optional spaces,
 * then a quoted or a bare value, backslash escaping in either. */
static void
parse_keywords (Parsed     *parsed,
                const char *source,
                gsize       start)
{
  gsize p = start;

  while (source[p] != '\0')
    {
      gsize token_start = p;
      gsize key_start, key_end, value_start;
      g_autoptr(GString) value = NULL;

      while (is_space (source[p]))
        p++;
      if (source[p] == '\0')
        break;

      key_start = p;
      while (source[p] != '\0' && !is_space (source[p]) && source[p] != '=')
        p++;
      key_end = p;
      while (is_space (source[p]))
        p++;

      if (source[p] != '=')
        {
          /* Not a keyword libpq accepts; keep it as it is. */
          if (key_end == key_start)
            p++;
          continue;
        }
      p++;
      while (is_space (source[p]))
        p++;

      value_start = p;
      value = g_string_new (NULL);
      if (source[p] == '\'')
        {
          p++;
          while (source[p] != '\0' && source[p] != '\'')
            {
              if (source[p] == '\\' && source[p + 1] != '\0')
                p++;
              g_string_append_c (value, source[p]);
              p++;
            }
          if (source[p] == '\'')
            p++;
        }
      else
        {
          while (source[p] != '\0' && !is_space (source[p]))
            {
              if (source[p] == '\\' && source[p + 1] != '\0')
                p++;
              g_string_append_c (value, source[p]);
              p++;
            }
        }

      add_param (parsed, source + key_start, key_end - key_start, g_string_free (g_steal_pointer (&value), FALSE),
                 value_start, p, token_start, p);
    }
}

static char *
unescape (const char *start,
          const char *end)
{
  char *decoded = g_uri_unescape_segment (start, end, NULL);

  /* A stray '%' is kept as it is, as libpq would refuse it anyway. */
  return decoded != NULL ? decoded : g_strndup (start, end - start);
}

static gboolean
all_digits (const char *start,
            const char *end)
{
  if (start == end)
    return FALSE;
  for (const char *c = start; c < end; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

static void
parse_uri (Parsed     *parsed,
           const char *source,
           gsize       start)
{
  gsize p = start;
  gsize host_start, host_end, at;

  /* libpq looks for the '@' before the first '/'. */
  at = p;
  while (source[at] != '\0' && source[at] != '@' && source[at] != '/' && source[at] != '?')
    at++;
  if (source[at] == '@')
    {
      gsize colon = p;

      while (colon < at && source[colon] != ':')
        colon++;
      if (colon > p)
        {
          add_param (parsed, "user", 4, unescape (source + p, source + colon), p, colon, p, colon);
          parsed->has_user = TRUE;
        }
      parsed->user_end = colon;
      if (colon < at)
        add_param (parsed, "password", 8, unescape (source + colon + 1, source + at),
                   colon + 1, at, colon, at);
      p = at + 1;
    }
  else
    parsed->user_end = p;

  host_start = p;
  while (source[p] != '\0' && source[p] != '/' && source[p] != '?')
    p++;
  host_end = p;
  if (host_end > host_start)
    {
      const char *hs = source + host_start;
      const char *he = source + host_end;
      const char *host_stop = he;
      const char *port = NULL;

      if (*hs == '[')
        {
          const char *close = memchr (hs, ']', he - hs);

          if (close != NULL)
            {
              if (close + 1 < he && close[1] == ':')
                port = close + 2;
              add_param (parsed, "host", 4, g_strndup (hs + 1, close - hs - 1),
                         host_start, close + 1 - source, host_start, close + 1 - source);
              host_stop = NULL;
            }
        }
      else
        {
          const char *colon = NULL;

          for (const char *c = hs; c < he; c++)
            if (*c == ':')
              colon = c;
          if (colon != NULL && all_digits (colon + 1, he) && memchr (hs, ',', he - hs) == NULL)
            {
              host_stop = colon;
              port = colon + 1;
            }
        }

      if (host_stop != NULL && host_stop > hs)
        add_param (parsed, "host", 4, unescape (hs, host_stop),
                   host_start, host_stop - source, host_start, host_stop - source);
      if (port != NULL && port < he)
        add_param (parsed, "port", 4, g_strndup (port, he - port),
                   port - source, host_end, port - source, host_end);
    }

  if (source[p] == '/')
    {
      gsize db_start = ++p;

      while (source[p] != '\0' && source[p] != '?')
        p++;
      if (p > db_start)
        add_param (parsed, "dbname", 6, unescape (source + db_start, source + p), db_start, p, db_start, p);
    }

  if (source[p] == '?')
    {
      gsize query_start = p;

      parsed->has_query = TRUE;
      p++;
      while (source[p] != '\0')
        {
          gsize pair_start = p;
          gsize eq, pair_end, strip_start, strip_end;

          while (source[p] != '\0' && source[p] != '&')
            p++;
          pair_end = p;
          eq = pair_start;
          while (eq < pair_end && source[eq] != '=')
            eq++;

          /* Removing a parameter takes one separator with it: the '&'
           * before it, or the '?' when it is the only one. */
          if (pair_start > query_start + 1)
            {
              strip_start = pair_start - 1;
              strip_end = pair_end;
            }
          else if (source[pair_end] == '&')
            {
              strip_start = pair_start;
              strip_end = pair_end + 1;
            }
          else
            {
              strip_start = query_start;
              strip_end = pair_end;
            }

          if (eq < pair_end && eq > pair_start)
            {
              g_autofree char *key = unescape (source + pair_start, source + eq);

              add_param (parsed, key, strlen (key), unescape (source + eq + 1, source + pair_end),
                         eq + 1, pair_end, strip_start, strip_end);
            }
          if (source[p] == '&')
            p++;
        }
    }
}

/* Anything else: a "password=" keyword (quoted or up to a separator) and
 * the password of a URL's user information. */
static void
parse_other (Parsed     *parsed,
             const char *source)
{
  gsize length = strlen (source);

  for (gsize i = 0; i + 8 <= length; i++)
    {
      gsize p = i + 8;
      gsize value_start, strip_start, strip_end;
      char quote;

      if (g_ascii_strncasecmp (source + i, "password", 8) != 0 ||
          (i > 0 && (g_ascii_isalnum (source[i - 1]) || source[i - 1] == '_')))
        continue;
      while (is_space (source[p]))
        p++;
      if (source[p] != '=')
        continue;
      p++;
      while (is_space (source[p]))
        p++;

      value_start = p;
      quote = source[p];
      if (quote == '\'' || quote == '"')
        {
          p++;
          while (source[p] != '\0' && source[p] != quote)
            p += source[p] == '\\' && source[p + 1] != '\0' ? 2 : 1;
          if (source[p] == quote)
            p++;
        }
      else
        {
          while (source[p] != '\0' && !is_space (source[p]) && strchr (",;&", source[p]) == NULL)
            p++;
        }

      /* Stripping takes the separator before it, or else the one after. */
      strip_start = i;
      strip_end = p;
      while (strip_start > 0 && is_space (source[strip_start - 1]))
        strip_start--;
      if (strip_start > 0 && strchr (",;&", source[strip_start - 1]) != NULL)
        strip_start--;
      else if (source[p] != '\0' && strchr (",;&", source[p]) != NULL)
        strip_end = p + 1;
      add_param (parsed, "password", 8, g_strndup (source + value_start, p - value_start),
                 value_start, p, strip_start, strip_end);
      i = p > i ? p - 1 : i;
    }

  for (const char *scheme = strstr (source, "://"); scheme != NULL; scheme = strstr (scheme + 3, "://"))
    {
      const char *info = scheme + 3;
      const char *end = info;
      const char *colon = NULL;

      while (*end != '\0' && *end != '@' && *end != '/' && *end != '?' && !is_space (*end))
        {
          if (*end == ':' && colon == NULL)
            colon = end;
          end++;
        }
      if (*end == '@' && colon != NULL)
        add_param (parsed, "password", 8, g_strndup (colon + 1, end - colon - 1),
                   colon + 1 - source, end - source, colon - source, end - source);
    }
}

static Parsed *
parse (const char *source)
{
  Parsed *parsed = g_new0 (Parsed, 1);
  gsize body = body_offset (source);
  gsize scheme = uri_scheme_length (source + body);

  parsed->params = g_array_new (FALSE, TRUE, sizeof (Param));
  g_array_set_clear_func (parsed->params, param_clear);

  if (scheme > 0)
    {
      parsed->form = FORM_URI;
      parse_uri (parsed, source, body + scheme);
    }
  else if (body > 0)
    {
      parsed->form = FORM_KEYWORDS;
      parse_keywords (parsed, source, body);
    }
  else
    {
      parsed->form = FORM_OTHER;
      parse_other (parsed, source);
    }

  return parsed;
}

/* The last parameter named @key: later settings win in libpq. */
static const Param *
find (Parsed     *parsed,
      const char *key)
{
  for (guint i = parsed->params->len; i > 0; i--)
    {
      const Param *param = &g_array_index (parsed->params, Param, i - 1);

      if (g_str_equal (param->key, key))
        return param;
    }

  return NULL;
}

static gint
compare_start (gconstpointer a,
               gconstpointer b)
{
  gsize sa = (*(const Param * const *)a)->strip_start;
  gsize sb = (*(const Param * const *)b)->strip_start;

  return sa < sb ? -1 : sa > sb;
}

/* Copies @source, with each password's value (or, when @strip, the whole
 * parameter) replaced by @replacement. */
static char *
edit_passwords (const char *source,
                gboolean    strip,
                const char *replacement)
{
  g_autoptr(Parsed) parsed = parse (source);
  g_autoptr(GPtrArray) passwords = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  gsize done = 0;

  for (guint i = 0; i < parsed->params->len; i++)
    {
      Param *param = &g_array_index (parsed->params, Param, i);

      if (g_str_equal (param->key, "password"))
        g_ptr_array_add (passwords, param);
    }
  g_ptr_array_sort (passwords, compare_start);

  for (guint i = 0; i < passwords->len; i++)
    {
      const Param *param = g_ptr_array_index (passwords, i);
      gsize from = strip ? param->strip_start : param->value_start;
      gsize to = strip ? param->strip_end : param->value_end;

      /* Spans never overlap, but a malformed string must not make one
       * run backwards. */
      if (from < done)
        from = done;
      if (to < from)
        continue;
      g_string_append_len (out, source + done, from - done);
      g_string_append (out, replacement);
      done = to;
    }
  g_string_append (out, source + done);

  return g_string_free (out, FALSE);
}

/**
 * ca_connection_is_postgres:
 *
 * Returns: whether @source is a PostgreSQL connection: "PG:…" in either
 *   form, or a bare postgresql:// or postgres:// URI
 */
gboolean
ca_connection_is_postgres (const char *source)
{
  g_return_val_if_fail (source != NULL, FALSE);

  return body_offset (source) > 0 || uri_scheme_length (source) > 0;
}

/**
 * ca_connection_has_password:
 *
 * Returns: whether @source holds a password, even an empty one
 */
gboolean
ca_connection_has_password (const char *source)
{
  g_autoptr(Parsed) parsed = NULL;

  g_return_val_if_fail (source != NULL, FALSE);

  parsed = parse (source);
  return find (parsed, "password") != NULL;
}

/**
 * ca_connection_dup_value:
 * @key: a libpq keyword: "host", "port", "dbname", "user", "password"…
 *
 * Returns: (nullable): the decoded value of @key in the PostgreSQL
 *   connection @source, or %NULL if it has none
 */
char *
ca_connection_dup_value (const char *source,
                         const char *key)
{
  g_autoptr(Parsed) parsed = NULL;
  const Param *param;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!ca_connection_is_postgres (source))
    return NULL;

  parsed = parse (source);
  param = find (parsed, key);

  return param != NULL ? g_strdup (param->value) : NULL;
}

/**
 * ca_connection_get_identity:
 * @host: (out) (optional): the host, "localhost" by default
 * @port: (out) (optional): the port, "5432" by default
 * @dbname: (out) (optional): the database, the user's name by default
 * @user: (out) (optional): the user, the login name by default
 *
 * Tells which account on which server @source connects to, with libpq's
 * defaults filled in, so that two spellings of one connection match.
 */
void
ca_connection_get_identity (const char  *source,
                            char       **host,
                            char       **port,
                            char       **dbname,
                            char       **user)
{
  g_autofree char *h = NULL;
  g_autofree char *p = NULL;
  g_autofree char *d = NULL;
  g_autofree char *u = NULL;

  g_return_if_fail (source != NULL);

  h = ca_connection_dup_value (source, "host");
  p = ca_connection_dup_value (source, "port");
  d = ca_connection_dup_value (source, "dbname");
  u = ca_connection_dup_value (source, "user");

  if (u == NULL || u[0] == '\0')
    {
      g_free (u);
      u = g_strdup (g_get_user_name ());
    }
  if (h == NULL || h[0] == '\0')
    {
      g_free (h);
      h = g_strdup ("localhost");
    }
  if (p == NULL || p[0] == '\0')
    {
      g_free (p);
      p = g_strdup ("5432");
    }
  if (d == NULL || d[0] == '\0')
    {
      g_free (d);
      d = g_strdup (u);
    }

  if (host != NULL)
    *host = g_steal_pointer (&h);
  if (port != NULL)
    *port = g_steal_pointer (&p);
  if (dbname != NULL)
    *dbname = g_steal_pointer (&d);
  if (user != NULL)
    *user = g_steal_pointer (&u);
}

/**
 * ca_connection_describe:
 *
 * Returns: a name for the connection fit to show: "user@host:port/dbname",
 *   never with the password
 */
char *
ca_connection_describe (const char *source)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  ca_connection_get_identity (source, &host, &port, &dbname, &user);

  return g_strdup_printf ("%s@%s:%s/%s", user, host, port, dbname);
}

/**
 * ca_connection_redact:
 *
 * Returns: @source fit to show or log: each password is replaced with
 *   "***" and all else is as it was
 */
char *
ca_connection_redact (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return edit_passwords (source, FALSE, "***");
}

/**
 * ca_connection_strip_password:
 *
 * Returns: @source fit to save: each password parameter is removed with
 *   the space or separator before it, and a URI's ":password" goes
 */
char *
ca_connection_strip_password (const char *source)
{
  g_return_val_if_fail (source != NULL, NULL);

  return edit_passwords (source, TRUE, "");
}

static char *
quote_keyword_value (const char *value)
{
  GString *out = g_string_new ("'");

  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\\' || *c == '\'')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '\'');

  return g_string_free (out, FALSE);
}

/**
 * ca_connection_set_password:
 * @password: the password, in clear
 *
 * Returns: the PostgreSQL connection @source with @password in it, in
 *   place of any it had: quoted in the keyword form, percent-encoded in
 *   a URI.  Other sources come back as they are.
 */
char *
ca_connection_set_password (const char *source,
                            const char *password)
{
  g_autoptr(Parsed) parsed = NULL;
  g_autofree char *encoded = NULL;
  const Param *existing;
  GString *out;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!ca_connection_is_postgres (source))
    return g_strdup (source);

  parsed = parse (source);
  for (guint i = 0, n = 0; i < parsed->params->len; i++)
    if (g_str_equal (g_array_index (parsed->params, Param, i).key, "password") && ++n > 1)
      {
        /* Only the last would count; keep just the new one. */
        g_autofree char *without = ca_connection_strip_password (source);

        return ca_connection_set_password (without, password);
      }

  encoded = parsed->form == FORM_URI ? g_uri_escape_string (password, NULL, FALSE)
                                     : quote_keyword_value (password);
  existing = find (parsed, "password");
  out = g_string_new (NULL);

  if (existing != NULL)
    {
      g_string_append_len (out, source, existing->value_start);
      g_string_append (out, encoded);
      g_string_append (out, source + existing->value_end);
    }
  else if (parsed->form == FORM_URI && parsed->has_user)
    {
      g_string_append_len (out, source, parsed->user_end);
      g_string_append_c (out, ':');
      g_string_append (out, encoded);
      g_string_append (out, source + parsed->user_end);
    }
  else if (parsed->form == FORM_URI)
    {
      g_string_append (out, source);
      g_string_append_c (out, parsed->has_query ? '&' : '?');
      g_string_append (out, "password=");
      g_string_append (out, encoded);
    }
  else
    {
      /* At the end, so that stripping it gives back @source. */
      g_string_append (out, source);
      if (source[body_offset (source)] != '\0')
        g_string_append_c (out, ' ');
      g_string_append (out, "password=");
      g_string_append (out, encoded);
    }

  return g_string_free (out, FALSE);
}

/**
 * ca_connection_redact_message:
 * @message: a message about @source, from GDAL, libpq or the app
 * @source: the source the message is about
 *
 * Returns: @message with every copy of @source's password, as typed or as
 *   written in @source, replaced with "***": for messages from libraries
 *   that may quote the connection string
 */
char *
ca_connection_redact_message (const char *message,
                              const char *source)
{
  g_autoptr(Parsed) parsed = NULL;
  g_autofree char *redacted = NULL;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  redacted = g_strdup (message);
  parsed = parse (source);
  for (guint i = 0; i < parsed->params->len; i++)
    {
      const Param *param = &g_array_index (parsed->params, Param, i);
      g_autofree char *raw = NULL;
      const char *forms[2];

      if (!g_str_equal (param->key, "password"))
        continue;
      raw = g_strndup (source + param->value_start, param->value_end - param->value_start);
      forms[0] = raw;
      forms[1] = param->value;
      for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
        if (forms[f] != NULL && forms[f][0] != '\0' && strstr (redacted, forms[f]) != NULL)
          {
            g_auto(GStrv) pieces = g_strsplit (redacted, forms[f], -1);

            g_free (redacted);
            redacted = g_strjoinv ("***", pieces);
          }
    }

  return g_steal_pointer (&redacted);
}

/**
 * ca_connection_is_auth_error:
 * @message: (nullable): an error message from GDAL or libpq
 *
 * Returns: whether @message says the server wants a (different) password
 */
gboolean
ca_connection_is_auth_error (const char *message)
{
  static const char * const needles[] = {
    "password authentication failed",
    "no password supplied",
    "fe_sendauth",
  };
  g_autofree char *lower = NULL;

  if (message == NULL)
    return FALSE;

  lower = g_ascii_strdown (message, -1);
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (strstr (lower, needles[i]) != NULL)
      return TRUE;

  return FALSE;
}
