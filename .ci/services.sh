#!/usr/bin/env bash
# Starts the machine's services that the tests use and gives them the settings the tests need:
# PostgreSQL with logical decoding (wal_level=logical, replication from 127.0.0.1) and MariaDB with its binary log
# in ROW format, both for change data capture; RabbitMQ for the Camel source; Mosquitto for the MQTT connectors, with
# room for the messages a stopped task's persistent session collects, and a second listener with TLS and a password.
set -euo pipefail

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$what did not come up" >&2
  return 1
}

postgres() {
  command -v pg_ctlcluster >/dev/null || { echo "PostgreSQL is not installed; skipping its setup" >&2; return 0; }
  local version hba restart=0
  version=$(ls /etc/postgresql | sort -V | tail -1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  pg_isready -h 127.0.0.1 -q || pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for "PostgreSQL" pg_isready -h 127.0.0.1 -q
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    echo "host replication all 127.0.0.1/32 trust" >> "$hba"
    restart=1
  fi
  if [ "$(psql -h 127.0.0.1 -U postgres -Atc 'show wal_level')" != "logical" ]; then
    psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET wal_level = logical"
    restart=1
  fi
  if [ "$restart" = 1 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main restart
    wait_for "PostgreSQL" pg_isready -h 127.0.0.1 -q
  fi
  echo "PostgreSQL $version: wal_level=$(psql -h 127.0.0.1 -U postgres -Atc 'show wal_level')"
}

mariadb() {
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || { echo "MariaDB is not installed; skipping its setup" >&2; return 0; }
  local conf=/etc/mysql/my.cnf
  local query="mysql -h 127.0.0.1 -u root -N -B -e"
  pgrep -x mariadbd >/dev/null || start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for "MariaDB" $query "select 1"
  if [ "$($query "select @@log_bin, @@binlog_format, @@binlog_row_image" | tr '\t' ' ')" != "1 ROW FULL" ]; then
    # The server reads only my.cnf here; a block of ours at its end turns the binary log on.
    if ! grep -q "^# ferry: binary log" "$conf"; then
      printf '\n# ferry: binary log for change data capture\n[mysqld]\nlog_bin=mysql-bin\nbinlog_format=ROW\nbinlog_row_image=FULL\nserver_id=1\nexpire_logs_days=1\n' >> "$conf"
    fi
    start-stop-daemon --stop --oknodo --retry 60 --exec /usr/sbin/mariadbd
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    wait_for "MariaDB" $query "select 1"
  fi
  echo "MariaDB: binary log $($query "select @@log_bin, @@binlog_format, @@server_id" | tr '\t' ' ')"
}

rabbitmq() {
  command -v rabbitmq-server >/dev/null || { echo "RabbitMQ is not installed; skipping it" >&2; return 0; }
  if ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then
    rabbitmq-server -detached
    wait_for "RabbitMQ" bash -c '(exec 3<>/dev/tcp/127.0.0.1/5672)'
  fi
  echo "RabbitMQ: listening on 127.0.0.1:5672"
}

mosquitto_broker() {
  command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || { echo "Mosquitto is not installed; skipping it" >&2; return 0; }
  local conf=/etc/mosquitto/mosquitto.conf pidfile=/run/mosquitto/mosquitto.pid
  # Mosquitto keeps at most 1000 QoS 1 messages per offline (or slow) client by default and drops the rest; the
  # MQTT source's test publishes more than that while its task is stopped.
  if ! grep -q '^max_queued_messages' "$conf"; then
    printf '\n# ferry: room for what a stopped MQTT source task'"'"'s session collects\nmax_queued_messages 100000\n' >> "$conf"
  fi
  # A second listener, 127.0.0.1:8883, with TLS (a self-signed certificate for 127.0.0.1, made here) and a password
  # (user ferry, password ferry-secret), for the MQTT connectors' TLS test; 1883 stays in the clear and anonymous.
  local tls=/etc/mosquitto/ferry
  if [ ! -f "$tls/server.crt" ]; then
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
      -keyout "$tls/server.key" -out "$tls/server.crt" 2>/dev/null
    mosquitto_passwd -b -c "$tls/passwords" ferry ferry-secret
    chown -R mosquitto: "$tls" 2>/dev/null || true
    chmod 0644 "$tls/server.crt"
  fi
  if ! grep -q '^listener 8883' "$conf"; then
    # Security settings per listener; this must come before any of them.
    sed -i '1i per_listener_settings true' "$conf"
    if ! grep -q '^listener 1883' "$conf"; then
      printf '\nlistener 1883 127.0.0.1\nallow_anonymous true\n' >> "$conf"
    fi
    printf '\n# ferry: TLS and a password for the MQTT connectors'"'"' test\nlistener 8883 127.0.0.1\ncertfile %s\nkeyfile %s\npassword_file %s\nallow_anonymous false\n' \
      "$tls/server.crt" "$tls/server.key" "$tls/passwords" >> "$conf"
  fi
  # A broker started before the configuration last changed restarts to read it.
  if [ -f "$pidfile" ] && [ "$conf" -nt "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")"
    wait_for "Mosquitto to stop" bash -c '! (exec 3<>/dev/tcp/127.0.0.1/1883)'
  fi
  if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
    mkdir -p /run/mosquitto
    chown mosquitto: /run/mosquitto 2>/dev/null || true
    mosquitto -d -c "$conf"
    wait_for "Mosquitto" bash -c '(exec 3<>/dev/tcp/127.0.0.1/1883) && (exec 3<>/dev/tcp/127.0.0.1/8883)'
  fi
  echo "Mosquitto: listening on 127.0.0.1:1883 and with TLS on 127.0.0.1:8883, $(grep '^max_queued_messages' "$conf")"
}

postgres
mariadb
rabbitmq
mosquitto_broker
