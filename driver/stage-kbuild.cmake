# Copies the module sources into the Kbuild staging folder, so that Kbuild
# never writes into the source tree.  Run with cmake -P and
#   -DSRC=<driver folder> -DDST=<staging folder> -DCHECKER=<config_check.c>
# Files are only replaced when they changed, which keeps Kbuild's
# incremental builds working.  The checker is required: the module always
# runs the shared one.
cmake_minimum_required(VERSION 3.21)

file(MAKE_DIRECTORY ${DST})
file(GLOB sources RELATIVE ${SRC} ${SRC}/*.c ${SRC}/*.h)
list(APPEND sources Kbuild)
foreach(f IN LISTS sources)
	file(COPY_FILE ${SRC}/${f} ${DST}/${f} ONLY_IF_DIFFERENT)
endforeach()

if(NOT CHECKER OR NOT EXISTS ${CHECKER})
	message(FATAL_ERROR "stage-kbuild: the shared config checker "
		"(CHECKER=${CHECKER}) is missing")
endif()
file(COPY_FILE ${CHECKER} ${DST}/config_check.c ONLY_IF_DIFFERENT)
