/*
 * A MOUNT v3 server for the lab, built on the system's libtirpc with rpcgen's dispatcher (mount_svc.c): it
 * registers with rpcbind like nfs-utils' rpc.mountd and answers EXPORT from a table given on the command line
 * ("dir=client,client" arguments, read from argv before the generated main runs). MNT is always refused: the
 * lab never serves files. Used because rpc.mountd needs the kernel NFS server, which a namespace lab lacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mount.h"

void mount_program_3(struct svc_req *rqstp, SVCXPRT *transp);

static exportnode exports_table[16];
static groupnode groups_table[64];
static int exports_count;

static void lab_exports_from(int argc, char **argv) {
  int g = 0;
  for (int i = 1; i < argc && exports_count < 16; i++) {
    char *eq = strchr(argv[i], '=');
    if (eq == NULL) continue;
    *eq = '\0';
    exportnode *e = &exports_table[exports_count++];
    e->ex_dir = argv[i];
    e->ex_groups = NULL;
    groupnode **tail = &e->ex_groups;
    for (char *c = strtok(eq + 1, ","); c != NULL && g < 64; c = strtok(NULL, ",")) {
      groups_table[g].gr_name = c;
      groups_table[g].gr_next = NULL;
      *tail = &groups_table[g++];
      tail = &(*tail)->gr_next;
    }
  }
  for (int i = 0; i + 1 < exports_count; i++) exports_table[i].ex_next = &exports_table[i + 1];
}

void *mountproc3_null_3_svc(void *arg, struct svc_req *req) {
  static char dummy;
  (void)arg; (void)req;
  return &dummy;
}

mountres3 *mountproc3_mnt_3_svc(dirpath *path, struct svc_req *req) {
  static mountres3 res;
  (void)path; (void)req;
  res.fhs_status = MNT3ERR_ACCES;
  return &res;
}

mountlist *mountproc3_dump_3_svc(void *arg, struct svc_req *req) {
  static mountlist none = NULL;
  (void)arg; (void)req;
  return &none;
}

void *mountproc3_umnt_3_svc(dirpath *path, struct svc_req *req) {
  static char dummy;
  (void)path; (void)req;
  return &dummy;
}

void *mountproc3_umntall_3_svc(void *arg, struct svc_req *req) {
  static char dummy;
  (void)arg; (void)req;
  return &dummy;
}

exports *mountproc3_export_3_svc(void *arg, struct svc_req *req) {
  static exports head;
  (void)arg; (void)req;
  head = exports_count > 0 ? &exports_table[0] : NULL;
  return &head;
}

/* rpcgen -m writes only the dispatcher; this main registers it (as MOUNT v1 and v3, whose EXPORT is the same). */
int main(int argc, char **argv) {
  lab_exports_from(argc, argv);
  rpcb_unset(MOUNT_PROGRAM, MOUNT_V3, NULL);
  rpcb_unset(MOUNT_PROGRAM, 1, NULL);
  if (!svc_create(mount_program_3, MOUNT_PROGRAM, MOUNT_V3, "netpath") ||
      !svc_create(mount_program_3, MOUNT_PROGRAM, 1, "netpath")) {
    fprintf(stderr, "lab-mountd: cannot register MOUNT with rpcbind\n");
    return 1;
  }
  fprintf(stderr, "lab-mountd: registered, %d exports\n", exports_count);
  svc_run();
  return 1;
}
