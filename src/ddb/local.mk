# The DynamoDB engine (issue 4): sources appended to libvtl, and its tests.
# Generated grammar files (ddb_lexer.re / ddb_parser.y) go to the build tree
# like the VTL grammar's.
