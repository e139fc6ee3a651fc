/* resolver_file: reading resolver definitions (JSON, or YAML via libyaml). */
#include "resolver/resolver_file.h"
#include "base/alloc.h"
#include "base/fileio.h"
#include "vval/vval_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ================================================================ YAML -> vval */

typedef struct yreader {
    yaml_parser_t parser;
    arena *ar;
    int depth;
} yreader;

static bool yaml_node(yreader *y, yaml_event_t *ev, vval *out, strbuf *err, const char *path);

/* A plain (unquoted) scalar becomes a number, boolean or null when it looks like one. */
static vval yaml_scalar(arena *ar, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        if ((n == 4 && !strcmp(s, "true")) || (n == 4 && !strcmp(s, "True")))
            return vval_bool(true);
        if ((n == 5 && !strcmp(s, "false")) || (n == 5 && !strcmp(s, "False")))
            return vval_bool(false);
        if (n == 0 || !strcmp(s, "null") || !strcmp(s, "~"))
            return vval_null();
        vval num;
        if (vjson_parse(ar, s, n, NULL, &num, NULL) && vval_is_number(num))
            return num;
    }
    return vval_str(ar, s, n);
}

static bool yaml_next(yreader *y, yaml_event_t *ev, strbuf *err, const char *path)
{
    if (yaml_parser_parse(&y->parser, ev))
        return true;
    strbuf_printf(err, "%s:%zu:%zu: error: %s", path, y->parser.problem_mark.line + 1,
                  y->parser.problem_mark.column + 1, y->parser.problem ? y->parser.problem : "invalid YAML");
    return false;
}

static bool yaml_container(yreader *y, bool is_map, vval *out, strbuf *err, const char *path)
{
    if (++y->depth > 256) {
        strbuf_printf(err, "%s: error: YAML nested too deeply", path);
        return false;
    }
    *out = is_map ? vval_map_new(y->ar) : vval_list_new(y->ar, 0);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_next(y, &ev, err, path))
            return false;
        if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        vval key = vval_null(), v;
        if (is_map) {
            key = yaml_scalar(y->ar, &ev);
            if (key.kind != VVAL_STRING)
                key = vval_from_vstr(vstr_new(y->ar, (const char *)ev.data.scalar.value,
                                              ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.length : 0));
            yaml_event_delete(&ev);
            if (!yaml_next(y, &ev, err, path))
                return false;
        }
        bool ok = yaml_node(y, &ev, &v, err, path);
        yaml_event_delete(&ev);
        if (!ok)
            return false;
        if (is_map)
            vmap_put(out->u.m, key, v, NULL);
        else
            vlist_push(out->u.l, v);
    }
    y->depth--;
    return true;
}

static bool yaml_node(yreader *y, yaml_event_t *ev, vval *out, strbuf *err, const char *path)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: *out = yaml_scalar(y->ar, ev); return true;
    case YAML_MAPPING_START_EVENT: return yaml_container(y, true, out, err, path);
    case YAML_SEQUENCE_START_EVENT: return yaml_container(y, false, out, err, path);
    case YAML_ALIAS_EVENT:
        strbuf_printf(err, "%s: error: YAML aliases are not supported in resolver files", path);
        return false;
    default:
        strbuf_printf(err, "%s: error: unexpected YAML structure", path);
        return false;
    }
}

static bool read_yaml(arena *ar, const char *text, size_t len, vval *out, strbuf *err, const char *path)
{
    yreader y;
    memset(&y, 0, sizeof y);
    y.ar = ar;
    yaml_parser_initialize(&y.parser);
    yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
    bool ok = false;
    yaml_event_t ev;
    /* stream start, document start, the node */
    for (int i = 0; i < 2 && (ok = yaml_next(&y, &ev, err, path)); i++)
        yaml_event_delete(&ev);
    if (ok && (ok = yaml_next(&y, &ev, err, path))) {
        ok = yaml_node(&y, &ev, out, err, path);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&y.parser);
    return ok;
}

/* ================================================================ the definition */

static vval get(vval m, const char *k)
{
    return reqdoc_get(m, k);
}

static const char *get_str(vval m, const char *k)
{
    return reqdoc_str(m, k, NULL);
}

/* A template field: the text itself, or a .vtl file beside the resolver file. */
static vtl_template *load_template(const char *dir, const char *field, const char *value, const char **name,
                                   strbuf *err)
{
    *name = field;
    if (!value)
        return NULL;
    size_t vl = strlen(value);
    if (vl > 4 && !strcmp(value + vl - 4, ".vtl") && !strchr(value, '\n')) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", value[0] == '/' ? "" : dir, value);
        size_t len;
        char *src = file_read(path, 64u << 20, &len);
        if (!src) {
            strbuf_printf(err, "cannot read template %s (from %s)", path, field);
            return NULL;
        }
        vtl_template *t = vtl_parse(value, src, len);
        xfree(src);
        *name = value;
        return t;
    }
    return vtl_parse(field, value, vl);
}

static ds_kind kind_of(const char *type)
{
    if (!type || !strcmp(type, "NONE"))
        return DS_NONE;
    if (!strcmp(type, "AMAZON_DYNAMODB"))
        return DS_DYNAMODB;
    if (!strcmp(type, "AWS_LAMBDA"))
        return DS_LAMBDA;
    return DS_HTTP;
}

static int64_t get_int(vval m, const char *k, int64_t dflt)
{
    vval v = get(m, k);
    return vval_is_integral(v) ? (int64_t)vval_as_i128(v) : dflt;
}

/* DataSources: a list of {Name, ...} or a map name -> definition. */
static bool load_datasources(rs_resolver *r, vval list, strbuf *err)
{
    size_t n = list.kind == VVAL_LIST ? list.u.l->len : list.kind == VVAL_MAP ? list.u.m->len : 0;
    r->datasources = arena_calloc(&r->ar, (n ? n : 1) * sizeof *r->datasources);
    for (size_t i = 0; i < n; i++) {
        vval def, name = vval_null();
        if (list.kind == VVAL_LIST) {
            def = list.u.l->items[i];
            name = get(def, "Name");
        } else {
            if (!list.u.m->entries[i].live)
                continue;
            def = list.u.m->entries[i].value;
            name = list.u.m->entries[i].key;
        }
        if (name.kind != VVAL_STRING || def.kind != VVAL_MAP) {
            strbuf_printf(err, "DataSources[%zu] needs a Name and a definition object", i);
            return false;
        }
        rs_datasource *d = &r->datasources[r->ndatasources++];
        d->name = name.u.s->data;
        d->kind = kind_of(get_str(def, "Type") ? get_str(def, "Type") : get_str(def, "Kind"));
        vval ddb = get(def, "DynamoDBConfig"), delta = get(ddb, "DeltaSyncConfig");
        d->table = get_str(ddb, "TableName");
        d->versioned = get(ddb, "Versioned").kind == VVAL_BOOL && get(ddb, "Versioned").u.b;
        d->base_table_ttl = get_int(delta, "BaseTableTTL", 43200);
        d->delta_table_ttl = get_int(delta, "DeltaSyncTableTTL", 1440);
        d->delta_table = get_str(delta, "DeltaSyncTableName");
        d->config = def;
        if (d->kind == DS_DYNAMODB && !d->table) {
            strbuf_printf(err, "data source %s: DynamoDBConfig.TableName is required", d->name);
            return false;
        }
    }
    return true;
}

static const rs_datasource *find_ds(const rs_resolver *r, const char *name, strbuf *err)
{
    for (size_t i = 0; i < r->ndatasources; i++)
        if (name && !strcmp(r->datasources[i].name, name))
            return &r->datasources[i];
    strbuf_printf(err, "unknown data source '%s'", name ? name : "(none given)");
    return NULL;
}

static bool load_step(rs_resolver *r, rs_step *s, vval def, const char *dir, bool needs_ds, strbuf *err)
{
    const char *dsname = get_str(def, "DataSourceName");
    s->sync_config = get(def, "SyncConfig");
    if (needs_ds && !(s->ds = find_ds(r, dsname, err)))
        return false;
    s->request = load_template(dir, "RequestMappingTemplate", get_str(def, "RequestMappingTemplate"),
                               &s->request_name, err);
    if (err->len)
        return false;
    s->response = load_template(dir, "ResponseMappingTemplate", get_str(def, "ResponseMappingTemplate"),
                                &s->response_name, err);
    return err->len == 0;
}

/* Functions: list of {Name, ...} or map name -> definition; PipelineConfig.Functions names them. */
static vval find_function(vval functions, const char *name)
{
    if (functions.kind == VVAL_MAP)
        return get(functions, name);
    if (functions.kind == VVAL_LIST)
        for (size_t i = 0; i < functions.u.l->len; i++) {
            const char *n = get_str(functions.u.l->items[i], "Name");
            if (n && !strcmp(n, name))
                return functions.u.l->items[i];
        }
    return vval_null();
}

static bool load_pipeline(rs_resolver *r, vval res, const char *dir, strbuf *err)
{
    vval names = get(get(res, "PipelineConfig"), "Functions");
    if (names.kind != VVAL_LIST || names.u.l->len == 0) {
        strbuf_puts(err, "a PIPELINE resolver needs PipelineConfig.Functions (a list of function names)");
        return false;
    }
    if (names.u.l->len > RS_MAX_FUNCTIONS) {
        strbuf_printf(err, "a pipeline has at most %d functions (AppSync's quota); this one has %zu",
                      RS_MAX_FUNCTIONS, names.u.l->len);
        return false;
    }
    vval functions = get(r->doc, "Functions");
    for (size_t i = 0; i < names.u.l->len; i++) {
        vval nv = names.u.l->items[i];
        vval def = nv.kind == VVAL_STRING ? find_function(functions, nv.u.s->data) : vval_null();
        if (def.kind != VVAL_MAP) {
            strbuf_printf(err, "pipeline function '%s' is not defined in Functions",
                          nv.kind == VVAL_STRING ? nv.u.s->data : "?");
            return false;
        }
        rs_step *s = &r->functions[r->nfunctions++];
        s->name = nv.u.s->data;
        const char *fv = get_str(def, "FunctionVersion");
        s->function_version = fv ? fv : "2018-05-29";
        if (strcmp(s->function_version, "2018-05-29") != 0) {
            strbuf_printf(err, "function '%s': FunctionVersion must be 2018-05-29", s->name);
            return false;
        }
        if (!load_step(r, s, def, dir, true, err))
            return false;
    }
    return load_step(r, &r->unit, res, dir, false, err);
}

static bool build(rs_resolver *r, const char *dir, strbuf *err)
{
    vval res = get(r->doc, "Resolver");
    if (res.kind != VVAL_MAP)
        res = r->doc;  /* a bare resolver object */
    r->type_name = get_str(res, "TypeName") ? get_str(res, "TypeName") : "Query";
    r->field_name = get_str(res, "FieldName") ? get_str(res, "FieldName") : "testField";
    const char *kind = get_str(res, "Kind");
    r->pipeline = kind && !strcmp(kind, "PIPELINE");
    r->tables = get(r->doc, "Tables");
    r->unit.name = "resolver";
    if (!load_datasources(r, get(r->doc, "DataSources"), err))
        return false;
    if (r->pipeline)
        return load_pipeline(r, res, dir, err);
    return load_step(r, &r->unit, res, dir, true, err);
}

rs_resolver *rs_load(const char *path, strbuf *err)
{
    size_t len;
    char *text = file_read(path, 64u << 20, &len);
    if (!text) {
        strbuf_printf(err, "cannot open %s", path);
        return NULL;
    }
    rs_resolver *r = xcalloc(1, sizeof *r);
    arena_init(&r->ar, 16 * 1024);
    size_t pl = strlen(path);
    bool yaml = (pl > 5 && !strcmp(path + pl - 5, ".yaml")) || (pl > 4 && !strcmp(path + pl - 4, ".yml"));
    bool ok;
    if (yaml) {
        ok = read_yaml(&r->ar, text, len, &r->doc, err, path);
    } else {
        vjson_error je;
        ok = vjson_parse(&r->ar, text, len, NULL, &r->doc, &je);
        if (!ok)
            strbuf_printf(err, "%s:%d:%d: error: %s", path, je.line, je.col, je.msg);
    }
    xfree(text);
    char dir[4096];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path + 1) : 0, path);
    if (ok && r->doc.kind != VVAL_MAP) {
        strbuf_printf(err, "%s: error: a resolver file holds an object", path);
        ok = false;
    }
    if (ok && !build(r, dir, err)) {
        /* prefix the file name to definition errors */
        char *m = strbuf_take(err);
        strbuf_printf(err, "%s: error: %s", path, m);
        xfree(m);
        ok = false;
    }
    if (!ok) {
        rs_free(r);
        return NULL;
    }
    return r;
}

rs_resolver *rs_unit_on_table(const char *req_name, const char *req, size_t req_len, const char *res_name,
                              const char *res, size_t res_len, const char *table, strbuf *err)
{
    (void)err;
    rs_resolver *r = xcalloc(1, sizeof *r);
    arena_init(&r->ar, 4096);
    r->doc = vval_map_new(&r->ar);
    r->tables = vval_null();
    r->type_name = "Mutation";
    r->field_name = "testField";
    r->datasources = arena_calloc(&r->ar, sizeof *r->datasources);
    r->ndatasources = 1;
    rs_datasource *d = &r->datasources[0];
    d->name = "table";
    d->kind = DS_DYNAMODB;
    d->table = arena_strndup(&r->ar, table, strlen(table));
    d->config = vval_null();
    r->unit.name = "resolver";
    r->unit.ds = d;
    r->unit.sync_config = vval_null();
    r->unit.request = vtl_parse(req_name, req, req_len);
    r->unit.request_name = req_name;
    if (res) {
        r->unit.response = vtl_parse(res_name, res, res_len);
        r->unit.response_name = res_name;
    }
    return r;
}

void rs_free(rs_resolver *r)
{
    if (!r)
        return;
    vtl_template_free(r->unit.request);
    vtl_template_free(r->unit.response);
    for (size_t i = 0; i < r->nfunctions; i++) {
        vtl_template_free(r->functions[i].request);
        vtl_template_free(r->functions[i].response);
    }
    arena_free(&r->ar);
    xfree(r);
}
