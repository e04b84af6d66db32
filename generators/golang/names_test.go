package golang

import (
	"go/token"
	"testing"
)

func TestExported(t *testing.T) {
	cases := map[string]string{
		"rides":           "Rides",
		"ride":            "Ride",
		"order_item":      "OrderItem",
		"user_id":         "UserID",
		"userId":          "UserID",
		"user_ids":        "UserIDs",
		"api_url":         "APIURL",
		"http_server":     "HTTPServer",
		"HTTPServer":      "HTTPServer",
		"json_payload":    "JSONPayload",
		"uuid":            "UUID",
		"ip_address":      "IPAddress",
		"utf8_name":       "UTF8Name",
		"user_id2":        "UserID2",
		"idea":            "Idea",
		"id":              "ID",
		"type":            "Type",
		"range":           "Range",
		"func":            "Func",
		"1st_place":       "X1stPlace",
		"2":               "X2",
		"_":               "X",
		"$":               "X",
		"":                "X",
		"名前":              "X名前",
		"ñame":            "Ñame",
		"café_menu":       "CaféMenu",
		"already_Camel":   "AlreadyCamel",
		"sp ace-and.dots": "SpAceAndDots",
		"field_1":         "Field1",
		"v2_api":          "V2API",
	}
	for in, want := range cases {
		got := exported(in)
		if got != want {
			t.Errorf("exported(%q) = %q, want %q", in, got, want)
		}
		if !token.IsIdentifier(got) || !token.IsExported(got) {
			t.Errorf("exported(%q) = %q is not an exported identifier", in, got)
		}
	}
}

func TestPackageName(t *testing.T) {
	cases := map[string]string{
		"rideshare":     "rideshare",
		"ride_share":    "rideshare",
		"Ride-Share":    "rideshare",
		"2tricky_names": "db2trickynames",
		"type":          "dbtype",
		"main":          "dbmain",
		"":              "db",
		"$$":            "db",
		"café":          "café",
	}
	for in, want := range cases {
		if got := packageName(in); got != want {
			t.Errorf("packageName(%q) = %q, want %q", in, got, want)
		}
		if got := packageName(in); !validPackageName(got) {
			t.Errorf("packageName(%q) = %q is not valid", in, got)
		}
	}
}

func TestNamespaceKeepsNaturalNames(t *testing.T) {
	ns := newNamespace()
	ns.expect("UserID", "UserID", "UserID2", "Kind1", "Kind1")
	got := []string{ns.claim("UserID"), ns.claim("UserID"), ns.claim("UserID2"), ns.claim("Kind1"), ns.claim("Kind1")}
	want := []string{"UserID", "UserID3", "UserID2", "Kind1", "Kind1_2"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("claims = %q, want %q", got, want)
		}
	}
}
