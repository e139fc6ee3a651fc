/* request_doc: checks a rendered request document against its data source's
 * schema (AppSync's DynamoDB, NONE, Lambda and HTTP request formats), with
 * AppSync's messages: `Value for field '$[operation]' not found.`,
 * `Unsupported element '$[condition][returnValuesOnConditionCheckFailure]'.` */
#ifndef VTL_RESOLVER_REQUEST_DOC_H
#define VTL_RESOLVER_REQUEST_DOC_H
#include "base/strbuf.h"
#include "vval/vval.h"

typedef enum ds_kind { DS_NONE, DS_DYNAMODB, DS_LAMBDA, DS_HTTP } ds_kind;

/* Check `doc`. `function_version` is the pipeline function's version (the
 * document's own `version` is then ignored), or NULL for unit resolvers.
 * Returns false with AppSync's message in msg and the field path in path. */
bool reqdoc_check(ds_kind kind, vval doc, const char *function_version, strbuf *msg);
/* The effective template version of a checked document. */
const char *reqdoc_version(vval doc, const char *function_version);
/* Member `key` of a map value, or null. */
vval reqdoc_get(vval map, const char *key);
/* The string at `key`, or dflt when the map has no string there. */
const char *reqdoc_str(vval map, const char *key, const char *dflt);

#endif
