/* eval: statements and output. Expressions are in eval_expr.c. */
#include "eval/eval.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ================================================================ errors */

void eval_record(eval_state *ev, ev_error_kind kind, vval message, vval type, vval data, vval info, vtl_span sp)
{
    if (ev->nerrors == ev->errcap) {
        size_t cap = ev->errcap ? ev->errcap * 2 : 4;
        ev->errors = arena_grow(ev->ar, ev->errors, ev->nerrors * sizeof *ev->errors, cap * sizeof *ev->errors);
        ev->errcap = cap;
    }
    ev_error *e = &ev->errors[ev->nerrors++];
    e->kind = kind;
    e->message = message;
    e->type = type;
    e->data = data;
    e->info = info;
    e->span = sp;
    e->has_span = true;
}

ev_status eval_fail(eval_state *ev, vtl_span sp, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    eval_record(ev, EVE_RUNTIME, vval_cstr(ev->ar, buf), vval_null(), vval_null(), vval_null(), sp);
    return EV_ERROR;
}

/* ================================================================ output */

/* Remember which template bytes produced the output at the current end. */
static void note_origin(eval_state *ev, vtl_span sp, bool verbatim)
{
    if (ev->norigins && ev->origins[ev->norigins - 1].src_start == sp.start)
        return;
    if (ev->norigins == ev->origcap) {
        size_t cap = ev->origcap ? ev->origcap * 2 : 64;
        ev->origins = arena_grow(ev->ar, ev->origins, ev->norigins * sizeof *ev->origins, cap * sizeof *ev->origins);
        ev->origcap = cap;
    }
    ev->origins[ev->norigins++] = (ev_origin){ev->out->len, sp.start, verbatim};
}

static ev_status emit_from(eval_state *ev, const char *s, size_t n, vtl_span sp, bool verbatim)
{
    if (ev->out->len + n > ev->opt->max_output)
        return eval_fail(ev, sp, "rendered output exceeds the limit of %zu bytes", ev->opt->max_output);
    if (ev->out == ev->top_out && n)
        note_origin(ev, sp, verbatim);
    strbuf_append(ev->out, s, n);
    return EV_OK;
}

static ev_status emit(eval_state *ev, const char *s, size_t n, vtl_span sp)
{
    return emit_from(ev, s, n, sp, false);
}

static ev_status render_block_value(eval_state *ev, const ast_node *body, vtl_span sp)
{
    if (++ev->depth > ev->opt->max_depth) {
        ev->depth--;
        return eval_fail(ev, sp, "#define block nested deeper than %d levels", ev->opt->max_depth);
    }
    ev_status st = eval_block(ev, body);
    ev->depth--;
    return st;
}

vval eval_json_text(eval_state *ev, vval v)
{
    /* The JSON writer never calls back into the evaluator, so one buffer
     * serves every call without a malloc each time. */
    strbuf_reset(&ev->scratch);
    vjson_write(&ev->scratch, v);
    return vval_str(ev->ar, strbuf_cstr(&ev->scratch), ev->scratch.len);
}

ev_status eval_to_string(eval_state *ev, vval v, vstr **out)
{
    if (vval_is_obj(v, VOBJ_BLOCK)) {
        strbuf tmp = STRBUF_INIT, *saved = ev->out;
        ev->out = &tmp;
        const ast_node *body = v.u.o->ptr;
        ev_status st = render_block_value(ev, body, body->span);
        ev->out = saved;
        *out = vstr_new(ev->ar, strbuf_cstr(&tmp), tmp.len);
        strbuf_free(&tmp);
        return st;
    }
    *out = vval_to_vstr(ev->ar, v);
    return EV_OK;
}

static ev_status emit_backslashes(eval_state *ev, int n, vtl_span sp)
{
    static const char bs[] = "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\";
    while (n > 0) {
        int k = n > 16 ? 16 : n;
        ev_status st = emit(ev, bs, (size_t)k, sp);
        if (st)
            return st;
        n -= k;
    }
    return EV_OK;
}

/* $ref in text: the value, or the reference's own text when it is null, with
 * Velocity's rules for backslashes in front of it. */
static ev_status render_ref(eval_state *ev, const ast_node *n)
{
    vval v;
    ev_status st = eval_ref(ev, n, &v);
    if (st)
        return st;
    bool null = vval_is_null(v);
    int esc = n->escapes;
    if (esc) {
        if (null) {
            /* undefined: even runs print whole, odd runs print half plus one */
            st = emit_backslashes(ev, esc % 2 ? esc / 2 + 1 : esc, n->span);
            if (!st)
                st = emit(ev, n->lit_text, n->lit_len, n->span);
            return st;
        }
        st = emit_backslashes(ev, esc / 2, n->span);
        if (st || esc % 2)
            return st ? st : emit(ev, n->lit_text, n->lit_len, n->span);
    }
    if (null) {
        if (n->flags & LEXF_QUIET)
            return EV_OK;
        return emit(ev, n->lit_text, n->lit_len, n->span);
    }
    if (v.kind == VVAL_STRING)
        return emit(ev, v.u.s->data, v.u.s->len, n->span);
    if (vval_is_obj(v, VOBJ_BLOCK))
        return render_block_value(ev, v.u.o->ptr, n->span);
    strbuf tmp = STRBUF_INIT;
    vval_print(&tmp, v);
    st = emit(ev, strbuf_cstr(&tmp), tmp.len, n->span);
    strbuf_free(&tmp);
    return st;
}

/* ================================================================ #set */

/* Assign through the last suffix of `target` (a property or index). */
static ev_status set_member(eval_state *ev, const ast_node *target, vval value)
{
    /* Evaluate the chain without its last link. */
    ast_node head = *target;
    head.nkids = target->nkids - 1;
    vval obj;
    ev_status st = eval_ref(ev, &head, &obj);
    if (st || vval_is_null(obj))
        return st;  /* an intermediate null: silently ignored */
    const ast_node *last = target->kids[target->nkids - 1];
    if (last->kind == AST_PROP) {
        if (obj.kind == VVAL_MAP) {
            vval key = vval_str(ev->ar, last->str, last->len);
            if (vval_is_null(value))
                vmap_put(obj.u.m, key, value, NULL);
            else
                vmap_put(obj.u.m, key, value, NULL);
        }
        /* beans without setters, strings, numbers: ignored */
        return EV_OK;
    }
    if (last->kind == AST_INDEX) {
        vval idx;
        st = eval_expr(ev, last->kids[0], &idx);
        if (st)
            return st;
        if (obj.kind == VVAL_MAP) {
            vmap_put(obj.u.m, idx, value, NULL);
            return EV_OK;
        }
        if (obj.kind == VVAL_LIST && idx.kind == VVAL_INT) {
            int64_t i = idx.u.i, len = (int64_t)obj.u.l->len;
            if (i < 0)
                i += len;
            if (i < 0 || i >= len)
                return eval_fail(ev, last->span, "Index %lld out of bounds for length %lld",
                                 (long long)idx.u.i, (long long)len);
            obj.u.l->items[i] = value;
        }
        return EV_OK;
    }
    return EV_OK;  /* a method call as the target: nothing to assign */
}

static ev_status eval_set(eval_state *ev, const ast_node *n)
{
    const ast_node *target = n->kids[0];
    vval value;
    ev_status st = eval_expr(ev, n->kids[1], &value);
    if (st)
        return st;
    if (vval_is_null(value) && !ev->opt->set_null_allowed)
        return EV_OK;  /* Velocity 1.7: a null right-hand side leaves everything as it was */
    if (target->nkids == 0) {
        ev->vars[target->slot] = value;
        return EV_OK;
    }
    return set_member(ev, target, value);
}

/* ================================================================ #if */

static ev_status eval_if(eval_state *ev, const ast_node *n)
{
    size_t i = 0;
    for (; i + 1 < n->nkids; i += 2) {
        bool c;
        ev_status st = eval_cond(ev, n->kids[i], &c);
        if (st)
            return st;
        if (c)
            return eval_block(ev, n->kids[i + 1]);
    }
    if (i < n->nkids)
        return eval_block(ev, n->kids[i]);
    return EV_OK;
}

/* ================================================================ #foreach */

/* The values a #foreach walks: a list's items, a map's values, else nothing. */
static bool iteration_items(eval_state *ev, vval it, vval **items, size_t *n)
{
    if (it.kind == VVAL_LIST) {
        *items = it.u.l->items;
        *n = it.u.l->len;
        return true;
    }
    if (it.kind == VVAL_MAP) {
        vmap *m = it.u.m;
        size_t *order = vmap_order(m, ev->ar);
        vval *vals = arena_alloc(ev->ar, (m->count ? m->count : 1) * sizeof *vals);
        for (size_t k = 0; k < m->count; k++)
            vals[k] = m->entries[order[k]].value;
        *items = vals;
        *n = m->count;
        return true;
    }
    return false;
}

static ev_status eval_foreach(eval_state *ev, const ast_node *n)
{
    vval it;
    ev_status st = eval_expr(ev, n->kids[1], &it);
    if (st)
        return st;
    vval *items;
    size_t count;
    if (!iteration_items(ev, it, &items, &count))
        return EV_OK;  /* null or not iterable: skipped silently */
    size_t list_len = it.kind == VVAL_LIST ? it.u.l->len : 0;

    int slot = n->slot;
    vval saved_var = ev->vars[slot];
    vval saved_scope = ev->vars[SLOT_FOREACH];
    vval saved_count = ev->vars[SLOT_VELOCITY_COUNT];
    vval saved_has_next = ev->vars[SLOT_VELOCITY_HAS_NEXT];

    foreach_state *fs = arena_alloc(ev->ar, sizeof *fs);
    fs->parent = saved_scope;
    vval scope = vval_object(ev->ar, VOBJ_FOREACH, fs, vval_null(), vval_null());
    ev->vars[SLOT_FOREACH] = scope;
    ev->loops++;

    size_t limit = ev->opt->max_foreach;
    for (size_t i = 0; i < count && i < limit; i++) {
        if (it.kind == VVAL_LIST && it.u.l->len != list_len) {
            st = eval_fail(ev, n->kids[1]->span,
                           "java.util.ConcurrentModificationException: the list changed during #foreach");
            break;
        }
        vval item = it.kind == VVAL_LIST ? it.u.l->items[i] : items[i];
        fs->index = (int64_t)i;
        fs->count = (int64_t)i + 1;
        fs->has_next = i + 1 < count && i + 1 < limit;
        ev->vars[slot] = item;
        ev->vars[SLOT_VELOCITY_COUNT] = vval_int((int32_t)(i + 1));
        ev->vars[SLOT_VELOCITY_HAS_NEXT] = vval_bool(fs->has_next);
        st = eval_block(ev, n->kids[2]);
        if (st == EV_BREAK) {
            if (vval_is_null(ev->break_target) || ev->break_target.u.o == scope.u.o) {
                ev->break_target = vval_null();
                st = EV_OK;
            }
            break;
        }
        if (st)
            break;
    }
    ev->loops--;
    ev->vars[slot] = saved_var;
    ev->vars[SLOT_FOREACH] = saved_scope;
    ev->vars[SLOT_VELOCITY_COUNT] = saved_count;
    ev->vars[SLOT_VELOCITY_HAS_NEXT] = saved_has_next;
    return st;
}

/* ================================================================ jumps */

static ev_status eval_break(eval_state *ev, const ast_node *n)
{
    ev->break_target = vval_null();
    if (n->nkids) {
        vval target;
        ev_status st = eval_expr(ev, n->kids[0], &target);
        if (st)
            return st;
        if (vval_is_obj(target, VOBJ_FOREACH))
            ev->break_target = target;
    }
    /* Outside every loop #break ends the whole template, like #stop. */
    return ev->loops ? EV_BREAK : EV_STOP;
}

static ev_status eval_return(eval_state *ev, const ast_node *n)
{
    ev->returned = true;
    ev->return_value = vval_null();
    if (n->nkids) {
        ev_status st = eval_expr(ev, n->kids[0], &ev->return_value);
        if (st)
            return st;
    }
    return EV_RETURN;
}

/* ================================================================ dispatch */

static ev_status eval_stmt(eval_state *ev, const ast_node *n)
{
    switch (n->kind) {
    case AST_TEXT: return emit_from(ev, n->str, n->len, n->span, true);
    case AST_REF: return render_ref(ev, n);
    case AST_SET: return eval_set(ev, n);
    case AST_IF: return eval_if(ev, n);
    case AST_FOREACH: return eval_foreach(ev, n);
    case AST_BREAK: return eval_break(ev, n);
    case AST_STOP: return EV_STOP;
    case AST_RETURN: return eval_return(ev, n);
    case AST_DEFINE:
        ev->vars[n->slot] = vval_object(ev->ar, VOBJ_BLOCK, n->kids[1], vval_null(), vval_null());
        return EV_OK;
    case AST_BLOCK: return eval_block(ev, n);
    default: return eval_fail(ev, n->span, "cannot evaluate a %s here", ast_kind_name(n->kind));
    }
}

ev_status eval_block(eval_state *ev, const ast_node *block)
{
    for (size_t i = 0; i < block->nkids; i++) {
        ev_status st = eval_stmt(ev, block->kids[i]);
        if (st)
            return st;
    }
    return EV_OK;
}
